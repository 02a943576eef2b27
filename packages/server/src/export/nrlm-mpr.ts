import { sql } from 'kysely';
import { addDays, addMonths, formatDecimal, rational } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { loadScope, mprCategoriesOf, shgFacts, MPR_SHG_CATEGORIES, type MisNode, type MprShgCategory, type ShgFacts } from '../queries/mis.ts';
import { CONTENT_TYPE, downloadName, tableToCsv, tablesToXlsx, type Table, type TableFormat } from './table-file.ts';

/*
 * The NRLM state-level Monthly Progress Report (physical), 2013-14 generation, as shared/reference/nrlm-formats.md
 * §1.2 gives it: the numbered cells of §2-§7 (Two_1 … Seven_9) and the Financial Assistance table (ColN by SC / ST
 * / Minority / Other / PWD SHGs), for one month, with the location codes (NRLM and LGD) of the place and the places
 * above it. Counts are integers, amounts ₹ lakh with two decimals (decimal 15,2), as in the NRLM model.
 *
 * Each cell has two values, as the NRLM records have them: the progress during the month, and the cumulative figure
 * up to the month's end. A cell that describes a state of affairs (e.g. SHGs more than 3 months old) has only the
 * latter. Cells whose facts Khata does not record (Gram Panchayats, MIP/MCP, cadres, interest subvention) are left
 * empty with a note: an empty cell is "not recorded", never a made-up zero.
 * Figures come from the same per-SHG facts and fund flows as the consolidated MIS (queries/mis.ts).
 */

export const MPR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export type MprValue = number | string | null;
export interface MprCell {
  section: string;
  code: string;
  /** Verbatim label of the NRLM form. */
  indicator: string;
  unit: 'number' | 'lakh';
  month: MprValue;
  cumulative: MprValue;
  note: string | null;
}
export interface MprLocation {
  level: string;
  name: string;
  code: string;
  nrlmCode: string | null;
  lgdCode: string | null;
}
export interface Mpr {
  month: string;
  from: string;
  to: string;
  /** From the top of the tree down to the place reported on. */
  locations: MprLocation[];
  cells: MprCell[];
  /** Financial assistance to SHGs, one row per NRLM SHG category. */
  financialAssistance: Array<{ category: MprShgCategory } & Record<string, MprValue>>;
}

const NOT_RECORDED = 'not recorded in Khata';

/** Paise as ₹ lakh with two decimals (half-even), e.g. 1_500_000 paise (₹15,000) → "0.15". */
export function lakh(paise: number): string {
  return formatDecimal(rational(BigInt(paise), 10_000_000n), 2);
}

const SECTION = {
  two: '2 Progress of implementation in intensive blocks',
  three: '3 Promotion of new SHGs, revival, strengthening',
  four: '4 Participatory Identification of the Poor (PIP)',
  five: '5 Revolving Fund (RF)',
  six: '6 CIF',
  seven: '7 VOs/CLFs',
};

const CATEGORY_LABEL: Record<MprShgCategory, string> = {
  sc: 'predominantly SC-SHGs (SC≥50%)',
  st: 'ST-SHGs (ST≥50%)',
  minority: 'Minority-SHGs (≥50%)',
  other: 'Other-SHGs (SC/ST<50%)',
  pwd: 'PWD-SHGs (PWD≥50%)',
};
const CATEGORY_ROW: Record<MprShgCategory, string> = { sc: 'SC', st: 'ST', minority: 'Minority', other: 'Other', pwd: 'PWD' };

export const FINANCIAL_ASSISTANCE_COLUMNS = [
  ['Col2', 'Total number of SHGs'],
  ['Col3', 'No. of SHGs eligible for bank credit'],
  ['Col4', 'No. of SHGs accessed bank credit'],
  ['Col5', 'Amount of loan accessed (₹ lakh)'],
  ['Col6', 'No. of SHGs eligible for interest subvention'],
  ['Col7', 'No. of SHGs provided interest subvention'],
  ['Col8', 'Amount of interest subvention given (₹ lakh)'],
] as const;

export async function nrlmMpr(db: Database, node: MisNode, month: string): Promise<Mpr> {
  const from = `${month}-01`;
  const to = addDays(addMonths(from, 1), -1);
  const inMonth = (d: string | null | undefined) => d != null && d >= from && d <= to;
  const upTo = (d: string | null | undefined) => d != null && d <= to;

  const scope = await loadScope(db, node);
  const fedIds = scope.federations.map((f) => f.entityId);
  const prefix = `${node.path}%`;
  const [facts, locations, places, households, fedReceipts, fedTrainings, voMemberships] = await Promise.all([
    shgFacts(db, scope, to),
    sql<MprLocation & { path: string }>`
      select kind as level, name, code, nrlm_code as "nrlmCode", lgd_code as "lgdCode", path from node
       where organisation_id = ${node.organisation_id} and ${node.path} like path || '%' order by length(path)`.execute(db),
    sql<{ id: string; kind: string; path: string }>`
      select id, kind, path from node where organisation_id = ${node.organisation_id} and path like ${prefix} and kind in ('block', 'village')`.execute(db),
    sql<{ pip: number; poorest: number; poor: number; non_poor: number; pwd: number; villages: number }>`
      select count(*) filter (where h.pip_listed)::int as pip,
             count(*) filter (where h.pip_listed and h.poverty_status = 'poorest')::int as poorest,
             count(*) filter (where h.pip_listed and h.poverty_status = 'poor')::int as poor,
             count(*) filter (where h.pip_listed and h.poverty_status = 'non-poor')::int as non_poor,
             count(*) filter (where 'person-with-disability' = any(h.categories)
                               or exists (select 1 from member m where m.household_id = h.id and 'person-with-disability' = any(m.categories)))::int as pwd,
             count(distinct h.village_node_id) filter (where h.pip_listed)::int as villages
        from household h join node v on v.id = h.village_node_id
       where v.organisation_id = ${node.organisation_id} and v.path like ${prefix}`.execute(db),
    sql<{ to_entity_id: number; fund: string | null; business_date: string; amount_paise: string }>`
      select to_entity_id, fund, business_date::text as business_date, amount_paise::text as amount_paise from fund_transfer
       where to_entity_id = any(${fedIds}::int[]) and kind in ('grant', 'loan') and business_date <= ${to}::date`.execute(db),
    sql<{ node_id: string; first: string }>`
      select node_id, min(completed_on)::text as first from training_record
       where node_id = any(${scope.federations.map((f) => f.nodeId)}::uuid[]) and completed_on <= ${to}::date group by node_id`.execute(db),
    sql<{ n: number }>`
      select count(distinct m.member_node_id)::int as n from federation_membership m join federation f on f.node_id = m.federation_id
       where m.member_node_id = any(${scope.shgs.map((s) => s.nodeId)}::uuid[]) and f.level = 'vo'
         and m.since <= ${to}::date and (m.until is null or m.until > ${to}::date)`.execute(db),
  ]);

  // SHGs in being at the month's end (formed by then, not closed).
  const live = facts.filter((f) => f.unit.status !== 'closed' && f.unit.formedOn <= to);
  const olderThan = (months: number) => live.filter((f) => addMonths(f.unit.formedOn, months) < to);
  const categoriesOf = new Map(live.map((f) => [f.unit.nodeId, mprCategoriesOf(f)]));
  const inCategory = (c: MprShgCategory) => live.filter((f) => categoriesOf.get(f.unit.nodeId)!.includes(c));

  const placesWithShgs = (kind: string) => places.rows.filter((p) => p.kind === kind && live.some((f) => f.unit.path.startsWith(p.path))).length;
  const count = (list: readonly ShgFacts[], pick: (f: ShgFacts) => boolean) => list.filter(pick).length;
  const flow = (month: number | string, cumulative: number | string): Pick<MprCell, 'month' | 'cumulative'> => ({ month, cumulative });
  const stock = (cumulative: number | string): Pick<MprCell, 'month' | 'cumulative'> => ({ month: null, cumulative });
  const none = { month: null, cumulative: null };

  /** SHGs of a category that received a fund, and how much, in the month and up to its end. */
  const fundTo = (c: MprShgCategory, fund: 'rf' | 'cif') => {
    const list = inCategory(c);
    const got = (f: ShgFacts, when: (d: string) => boolean) => f.receipts.filter((r) => r.fund === fund && when(r.date) && r.amountPaise > 0);
    const amount = (when: (d: string) => boolean) => list.reduce((t, f) => t + got(f, when).reduce((s, r) => s + r.amountPaise, 0), 0);
    return {
      number: flow(count(list, (f) => got(f, inMonth).length > 0), count(list, (f) => got(f, upTo).length > 0)),
      amount: flow(lakh(amount(inMonth)), lakh(amount(upTo))),
    };
  };

  // Federations.
  const levelOf = new Map(scope.federations.map((f) => [f.entityId, f]));
  const fedsOf = (level: string) => scope.federations.filter((f) => f.level === level);
  const formed = (level: string) => flow(fedsOf(level).filter((f) => inMonth(f.formedOn)).length, fedsOf(level).filter((f) => upTo(f.formedOn) && f.status !== 'closed').length);
  const fedFund = (level: string, funds: readonly string[]) => {
    const rows = fedReceipts.rows.filter((r) => levelOf.get(r.to_entity_id)?.level === level && funds.includes(r.fund ?? 'other'));
    const month = rows.filter((r) => inMonth(r.business_date));
    const sum = (list: typeof rows) => list.reduce((t, r) => t + Number(r.amount_paise), 0);
    return {
      number: flow(new Set(month.map((r) => r.to_entity_id)).size, new Set(rows.map((r) => r.to_entity_id)).size),
      amount: flow(lakh(sum(month)), lakh(sum(rows))),
    };
  };
  const voTrained = fedTrainings.rows.filter((t) => scope.federations.some((f) => f.nodeId === t.node_id && f.level === 'vo'));
  const h = households.rows[0]!;

  const cell = (section: string, code: string, indicator: string, unit: MprCell['unit'], values: Pick<MprCell, 'month' | 'cumulative'>, note: string | null = null): MprCell => ({
    section,
    code,
    indicator,
    unit,
    ...values,
    note,
  });
  const cats = MPR_SHG_CATEGORIES;
  const rf = Object.fromEntries(cats.map((c) => [c, fundTo(c, 'rf')])) as Record<MprShgCategory, ReturnType<typeof fundTo>>;
  const cif = Object.fromEntries(cats.map((c) => [c, fundTo(c, 'cif')])) as Record<MprShgCategory, ReturnType<typeof fundTo>>;
  const vo = fedFund('vo', ['vrf', 'cif']);
  const clf = fedFund('clf', ['cif']);

  const cells: MprCell[] = [
    cell(SECTION.two, 'Two_1', 'Number of Blocks in which intensive strategy implementation is in progress', 'number', stock(placesWithShgs('block')), 'blocks with SHGs kept in Khata'),
    cell(SECTION.two, 'Two_2', 'Number of Gram Panchayats in which intensive strategy implementation is in progress', 'number', none, NOT_RECORDED),
    cell(SECTION.two, 'Two_3', 'Number of villages in which intensive strategy implementation is in progress', 'number', stock(placesWithShgs('village')), 'villages with SHGs kept in Khata'),
    cell(SECTION.three, 'Three_1', 'Number of new SHGs promoted with NRLM target households', 'number', flow(count(facts, (f) => !f.unit.preExisting && inMonth(f.unit.formedOn)), count(facts, (f) => !f.unit.preExisting && upTo(f.unit.formedOn))), 'by formation date'),
    cell(SECTION.three, 'Three_2', 'Number of Pre-NRLM SHGs brought into the NRLM fold after revival/training and strengthening', 'number', flow(count(facts, (f) => f.unit.preExisting && inMonth(f.unit.joinedOn)), count(facts, (f) => f.unit.preExisting && upTo(f.unit.joinedOn))), 'pre-existing SHGs, by cut-off date'),
    cell(SECTION.three, 'Three_4', 'Number of SHGs that are provided with basic SHG training at community level', 'number', flow(count(live, (f) => inMonth(f.firstTrainingOn)), count(live, (f) => upTo(f.firstTrainingOn))), 'SHGs with a training recorded'),
    cell(SECTION.three, 'Three_5', 'Number of SHGs in which standard bookkeeping practices is introduced', 'number', flow(count(live, (f) => inMonth(f.firstMeetingOn)), count(live, (f) => upTo(f.firstMeetingOn))), 'SHGs keeping their books in Khata (first meeting recorded)'),
    cell(SECTION.three, 'Three_6', 'Number of SHGs that are following Pancha Sutras', 'number', stock(count(live, (f) => f.panchasutraScore === 5)), 'latest signed-off grading: all five sutras'),
    cell(SECTION.three, 'Three_7', 'Number of SHG bookkeepers identified and positioned after initial training', 'number', none, NOT_RECORDED),
    cell(SECTION.three, 'Three_8', 'Number of internal CRPs identified and trained in the intensive blocks', 'number', none, NOT_RECORDED),
    cell(SECTION.four, 'Four_1', 'Number of Villages in which PIP process has been completed', 'number', stock(h.villages), 'villages with PIP-listed households'),
    cell(SECTION.four, 'Four_2', 'Number of GPs in which PIP process has been completed', 'number', none, NOT_RECORDED),
    cell(SECTION.four, 'Four_3', 'Number of Poorest of the Poor (POP) households identified', 'number', stock(h.poorest)),
    cell(SECTION.four, 'Four_4', 'Number of Poor households identified', 'number', stock(h.poor)),
    cell(SECTION.four, 'Four_5', 'Number of Non-Poor households identified', 'number', stock(h.non_poor)),
    cell(SECTION.four, 'Four_6', 'Number of households having persons with disability member', 'number', stock(h.pwd)),
    cell(SECTION.five, 'Five_1', 'Number of SHGs which are more than 3 month old', 'number', stock(olderThan(3).length)),
    cell(SECTION.five, 'Five_2', 'Number of 3 month old SHGs having bank accounts', 'number', stock(count(olderThan(3), (f) => f.hasBankAccount))),
    ...cats.map((c, i) => cell(SECTION.five, `Five_${5 + i}`, `Number of ${CATEGORY_LABEL[c]} provided RF`, 'number', rf[c].number)),
    ...cats.map((c, i) => cell(SECTION.five, `Five_${10 + i}`, `Amount of RF to ${CATEGORY_LABEL[c]}`, 'lakh', rf[c].amount)),
    cell(SECTION.six, 'Six_1', 'Number of 6 month old SHGs in intensive blocks', 'number', stock(olderThan(6).length)),
    cell(SECTION.six, 'Six_2', 'Number of SHGs which have prepared MIP / MCP', 'number', none, NOT_RECORDED),
    ...cats.map((c, i) => cell(SECTION.six, `Six_${5 + i}`, `Number of ${CATEGORY_LABEL[c]} provided CIF`, 'number', cif[c].number)),
    ...cats.map((c, i) => cell(SECTION.six, `Six_${10 + i}`, `Amount of CIF to ${CATEGORY_LABEL[c]}`, 'lakh', cif[c].amount)),
    cell(SECTION.seven, 'Seven_1', 'Number of VOs formed', 'number', formed('vo')),
    cell(SECTION.seven, 'Seven_2', 'Number of SHGs holding membership in the VOs', 'number', stock(voMemberships.rows[0]?.n ?? 0)),
    cell(SECTION.seven, 'Seven_3', 'Number of VOs provided training on basic VO management', 'number', flow(voTrained.filter((t) => inMonth(t.first)).length, voTrained.length), 'VOs with a training recorded'),
    cell(SECTION.seven, 'Seven_4', 'Number of VOs having trained Bookkeeper', 'number', none, NOT_RECORDED),
    cell(SECTION.seven, 'Seven_5', 'Number of VOs provided VRF (CIF)', 'number', vo.number, 'VRF and CIF received by VOs'),
    cell(SECTION.seven, 'Seven_6', 'Amount of VRF (CIF) to VOs', 'lakh', vo.amount),
    cell(SECTION.seven, 'Seven_7', 'Number of CLFs formed', 'number', formed('clf')),
    cell(SECTION.seven, 'Seven_8', 'Number of CLFs provided CIF', 'number', clf.number),
    cell(SECTION.seven, 'Seven_9', 'Amount of CIF to CLFs', 'lakh', clf.amount),
  ];

  const financialAssistance = cats.map((c) => {
    const list = inCategory(c);
    const linked = list.filter((f) => f.bankLoans.some((l) => l.date <= to));
    return {
      category: c,
      Col2: list.length,
      Col3: null,
      Col4: linked.length,
      Col5: lakh(list.reduce((t, f) => t + f.bankLoans.filter((l) => l.date <= to).reduce((s, l) => s + l.amountPaise, 0), 0)),
      Col6: null,
      Col7: null,
      Col8: null,
    };
  });

  return { month, from, to, locations: locations.rows.map(({ path: _p, ...l }) => l), cells, financialAssistance };
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------

const cellColumns = [
  { key: 'section', header: 'Section' },
  { key: 'code', header: 'Code' },
  { key: 'indicator', header: 'Indicator' },
  { key: 'unit', header: 'Unit' },
  { key: 'month', header: 'Progress during the month' },
  { key: 'cumulative', header: 'Cumulative up to the month end' },
  { key: 'note', header: 'Note' },
] as const;

const unitText = (u: MprCell['unit']) => (u === 'lakh' ? 'Rs lakh' : 'number');

/** The whole report as one long table (one row per cell, the place and its codes on every row): the CSV. */
export function mprTable(mpr: Mpr): Table {
  const place = mpr.locations[mpr.locations.length - 1]!;
  const base = { reportMonth: mpr.month, level: place.level, location: place.name, nrlmCode: place.nrlmCode, lgdCode: place.lgdCode };
  const fa = mpr.financialAssistance.flatMap((r) =>
    FINANCIAL_ASSISTANCE_COLUMNS.map(([col, label]) => ({
      ...base,
      section: 'Financial Assistance to SHGs in Intensive Blocks',
      code: `${col}_${CATEGORY_ROW[r.category]}`,
      indicator: `${label}: ${CATEGORY_ROW[r.category]} SHGs`,
      unit: col === 'Col5' || col === 'Col8' ? 'Rs lakh' : 'number',
      month: null,
      cumulative: r[col] ?? null,
      note: r[col] === null ? NOT_RECORDED : null,
    })),
  );
  return {
    title: 'MPR',
    columns: [
      { key: 'reportMonth', header: 'Report month' },
      { key: 'level', header: 'Level' },
      { key: 'location', header: 'Location' },
      { key: 'nrlmCode', header: 'NRLM code' },
      { key: 'lgdCode', header: 'LGD code' },
      ...cellColumns,
    ],
    rows: [...mpr.cells.map((c) => ({ ...base, ...c, unit: unitText(c.unit) })), ...fa],
  };
}

const asNumber = (v: MprValue): number | null => (v === null ? null : Number(v));

/** The workbook: the location with its codes, the progress cells, the financial-assistance table (rows by SHG category). */
export function mprSheets(mpr: Mpr): Table[] {
  return [
    {
      title: 'Location',
      columns: [
        { key: 'level', header: 'Level' },
        { key: 'name', header: 'Name' },
        { key: 'code', header: 'Code' },
        { key: 'nrlmCode', header: 'NRLM code' },
        { key: 'lgdCode', header: 'LGD code' },
        { key: 'month', header: 'Report month' },
      ],
      rows: mpr.locations.map((l) => ({ ...l, month: mpr.month })),
    },
    {
      title: 'Progress',
      columns: cellColumns,
      // A spreadsheet adds numbers: amounts in lakh go in as number cells (exact to the paisa at two decimals).
      rows: mpr.cells.map((c) => ({ ...c, unit: unitText(c.unit), month: asNumber(c.month), cumulative: asNumber(c.cumulative) })),
    },
    {
      title: 'Financial assistance',
      columns: [{ key: 'row', header: 'SHGs' }, ...FINANCIAL_ASSISTANCE_COLUMNS.map(([key, header]) => ({ key, header }))],
      rows: mpr.financialAssistance.map((r) => ({ ...r, Col5: asNumber(r.Col5 ?? null), row: `${CATEGORY_ROW[r.category]} SHGs` })),
    },
  ];
}

export async function mprFile(mpr: Mpr, format: TableFormat): Promise<{ body: Buffer | string; contentType: string; name: string }> {
  const place = mpr.locations[mpr.locations.length - 1]!;
  const name = downloadName(`mpr-${place.code}-${mpr.month}`, format);
  return format === 'csv'
    ? { body: tableToCsv(mprTable(mpr)), contentType: CONTENT_TYPE.csv, name }
    : { body: await tablesToXlsx(mprSheets(mpr)), contentType: CONTENT_TYPE.xlsx, name };
}
