import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KhataError } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';
import { loadActor, type Actor } from '../access.ts';
import { importCutoffCsv, parseCutoffCsv } from './cutoff-csv.ts';

const SAMPLE = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/examples/cutoff-sample.csv'), 'utf8');
const SHG = '11111111-1111-4111-8111-111111111111';

let h: TestApp;
let actor: Actor;

async function rejection(p: Promise<unknown>): Promise<KhataError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof KhataError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
const messages = (e: KhataError) => e.problems.map((p) => p.message);
const count = async (table: 'journal_entry' | 'loan' | 'member') => Number((await h.t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  h = await testApp();
  const admin = await h.t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  actor = (await loadActor(h.t.db, admin.id))!;
});
afterAll(async () => h.close());

describe('cut-off CSV: reading the file', () => {
  it('reads the sample exactly (rupees to paise, both date forms, quoted commas)', () => {
    const { problems, value } = parseCutoffCsv(SAMPLE, SHG);
    expect(problems).toEqual([]);
    const p = value!.payload;
    expect(p).toMatchObject({ shgId: SHG, date: '2024-03-31', cashPaise: 235_000, bankPaise: 3_590_050, revolvingFundPaise: 1_500_000, grantsPaise: 250_000, fixedDepositsPaise: 1_000_000 });
    expect(p.members).toHaveLength(5);
    expect(p.members![2]).toEqual({ membershipNumber: 3, name: 'Meena Devi', compulsorySavingsPaise: 240_000, voluntarySavingsPaise: 25_050 });
    expect(p.memberLoans![1]).toMatchObject({ membershipNumber: 3, reference: 'L-09', disbursedOn: '2024-01-10', originalPrincipalPaise: 500_000, terms: { kind: 'flexible', ratePercentPerMonth: '1.5', period: 'fortnightly' } });
    expect(p.externalLoans![0]).toMatchObject({ reference: 'CC-0042', lender: 'bank', lenderName: 'Bank of India, Kahalgaon', kind: 'cash-credit', limitPaise: 5_000_000, annualRatePercent: '7' });
  });

  it('names loans by stable ids: the same file for the same group gives the same ids, another group other ids', () => {
    const a = parseCutoffCsv(SAMPLE, SHG).value!.payload;
    const b = parseCutoffCsv(SAMPLE, SHG).value!.payload;
    const c = parseCutoffCsv(SAMPLE, randomUUID()).value!.payload;
    expect(a.memberLoans![0]!.loanId).toBe(b.memberLoans![0]!.loanId);
    expect(a.memberLoans![0]!.loanId).not.toBe(c.memberLoans![0]!.loanId);
    expect(a.memberLoans![0]!.loanId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reports a broken header, a missing group row and broken CSV by row and column', () => {
    expect(messages({ problems: parseCutoffCsv('record,date,cahs\ngroup,2024-03-31,1\n', SHG).problems } as KhataError)).toEqual(['row 1, column cahs: is not a column of the cut-off sheet']);
    const noGroup = parseCutoffCsv('record,membership_number\nmember,1\n', SHG);
    expect(noGroup.problems.map((p) => p.field)).toEqual(['row.1.record']);
    expect(noGroup.value).toBeNull();
    const broken = parseCutoffCsv('record,date\ngroup,"2024-03-31\n', SHG);
    expect(broken.problems[0]!.code).toBe('IMPORT_ROW_INVALID');
    expect(broken.problems[0]!.message).toMatch(/^row \d+, column record: the file is not valid CSV/);
  });
});

describe('cut-off CSV: importing', () => {
  it('imports the sample into a group that has no members yet: one entry, five members admitted', async () => {
    const g = await makeGroup(h, h.admin, { members: 0, formedOn: '2023-01-02' });
    const r = await importCutoffCsv(h.t.db, actor, { shgId: g.shgId, text: SAMPLE });
    expect(r.status).toBe('applied');
    expect(r.result).toMatchObject({ date: '2024-03-31', members: 5, memberLoans: 2, externalLoans: 2, openingBalancePaise: -20_000 });
    expect(r.result.admitted).toHaveLength(5);
    const members = (await ok(h.admin.get(`/api/shgs/${g.shgId}/members`))).members;
    expect(members.map((m: any) => `${m.membershipNumber} ${m.name}`)).toEqual(['1 Sunita Devi', '2 Rekha Kumari', '3 Meena Devi', '4 Anita Devi', '5 Kiran Kumari']);
    const entity = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
    const b = await accountBalances(h.t.db, entity);
    expect(b.get('assets:loans-to-members')).toBe(1_100_000);
    expect(b.get('liabilities:loans:bank')).toBe(-2_000_000);
    expect(b.get('liabilities:loans:vo-cif')).toBe(-900_000);
    expect(b.get('equity:opening-balance')).toBe(-20_000);
    const loans = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(loans.internal.map((l: any) => l.outstandingPaise)).toEqual([600_000, 500_000]);

    // The same file again is the same command: its stored result, nothing written twice.
    const again = await importCutoffCsv(h.t.db, actor, { shgId: g.shgId, text: SAMPLE });
    expect(again.status).toBe('duplicate');
    // Another file for a group that has its cut-off: refused for the group, not for a row.
    const other = await rejection(importCutoffCsv(h.t.db, actor, { shgId: g.shgId, text: SAMPLE.replace('2350', '2351') }));
    expect(other.problems[0]).toMatchObject({ code: 'CONFLICT', field: 'shgId' });
  });

  it('reports EVERY bad row as "row N, column X: why", checks the good rows against the group, and writes nothing', async () => {
    const g = await makeGroup(h, h.admin, { members: 0, formedOn: '2023-01-02' });
    const before = { entries: await count('journal_entry'), loans: await count('loan'), members: await count('member') };
    const csv = [
      'record,date,cash,membership_number,name,compulsory_savings,loan_ref,disbursed_on,original_amount,outstanding_principal,rate_percent_per_month,period,lender,kind,sanctioned_on,annual_rate_percent,limit',
      'group,2024-03-31,100.005,,,,,,,,,,,,,,', // 2
      'member,,,1,Asha,"5,00",,,,,,,,,,,', // 3
      'member,,,1,Asha again,400,,,,,,,,,,,', // 4
      'member,,,2,,300,,,,,,,,,,,', // 5: new member without a name (the group knows nobody)
      'memberr,,,,,,,,,,,,,,,,', // 6
      'member_loan,,,1,,,L1,2024-02-30,1000,500,2,monthly,,,,,', // 7
      'member_loan,,,1,,,L2,2024-01-01,1000,1500,2,yearly,,,,,', // 8
      'member_loan,,,7,,,L3,2024-01-01,1000,500,2,monthly,,,,,', // 9: nobody has number 7
      'member_loan,,,1,,,L4,2024-01-01,1000,1500,2,monthly,,,,,', // 10: more outstanding than lent
      'external_loan,,,,,,CC1,,,200,,,bank,cash-credit,2023-06-01,7,', // 11
      'external_loan,,,,,,T1,,,-5,,,bank,term-loan,2023-06-01,7,', // 12
      'external_loan,,,,,,T2,,,500,,,bank,term-loan,2025-06-01,7,', // 13: sanctioned after the cut-off
      '',
    ].join('\n');
    const e = await rejection(importCutoffCsv(h.t.db, actor, { shgId: g.shgId, text: csv }));
    expect(e.problems.every((p) => p.code === 'IMPORT_ROW_INVALID')).toBe(true);
    expect(messages(e)).toEqual([
      'row 2, column cash: "100.005" is not an amount in rupees (up to two decimals, such as 1250.50)',
      'row 4, column membership_number: member 1 already has a row (row 3)',
      'row 5, column name: is required for a member not yet in the group',
      'row 6, column record: "memberr" is not one of group, member, member_loan, external_loan',
      'row 7, column disbursed_on: "2024-02-30" is not a date (write 2024-03-31 or 31-03-2024)',
      'row 8, column period: "yearly" is not one of weekly, fortnightly, monthly',
      'row 9, column membership_number: is not a member of this group, nor listed among the members',
      'row 10, column outstanding_principal: is more than the amount lent',
      'row 11, column limit: is required for a cash credit',
      'row 12, column outstanding_principal: cannot be negative',
      'row 13, column sanctioned_on: is after the cut-off date',
    ]);
    expect(e.problems[1]).toMatchObject({ field: 'row.4.membership_number', params: { row: 4, column: 'membership_number' } });
    expect(e.problems[6]!.params).toMatchObject({ cause: 'UNKNOWN_MEMBER' });
    expect({ entries: await count('journal_entry'), loans: await count('loan'), members: await count('member') }).toEqual(before);
    expect((await ok(h.admin.get(`/api/shgs/${g.shgId}`))).shg.startedWithCutoffOn).toBeNull();
  });

  it('checks dates against the group when the file itself is clean', async () => {
    const g = await makeGroup(h, h.admin, { members: 0, formedOn: '2024-06-01' });
    const e = await rejection(importCutoffCsv(h.t.db, actor, { shgId: g.shgId, text: SAMPLE }));
    expect(messages(e)).toEqual(['row 3, column date: is before the group was formed']);
  });
});
