import { subjectFits, type IndicatorSubject } from './social-action.ts';

/*
 * The observation grid of social action (the web form "Record what was seen"): one row per member or household of
 * the group that met or the place of the drive, one yes/no column per indicator of the set in force that fits the
 * subject. A cell is "yes" (met), "no" (not met) or left blank (not asked: no observation is recorded for it).
 *
 * Pure, so the form and the server's tests build the same `record-social-action` payload from the same grid.
 */

export type GridSubject = 'member' | 'household';

/** An indicator as the API gives it (`GET /api/social-action/indicators`). */
export interface GridIndicator {
  code: string;
  set: string;
  subject: IndicatorSubject;
  label?: string | undefined;
}

/** Where the observations were made: a drive, or an SHG's meeting. */
export type GridOccasion = { kind: 'drive'; driveId: string } | { kind: 'meeting'; meetingId: string };

/** Cells by row id, then by indicator code: true = yes, false = no, absent = not asked. */
export type GridCells = Readonly<Record<string, Readonly<Record<string, boolean>>>>;

/**
 * The columns of the grid: the indicators in force that may be observed for this subject, in the order of the rule
 * set; only those of `set` when the drive is about one set (an immunisation drive).
 */
export function gridColumns(indicators: readonly GridIndicator[], subject: GridSubject, set?: string | null): GridIndicator[] {
  return indicators.filter((i) => subjectFits(i, subject) && (!set || i.set === set));
}

/** A tap on a cell: blank → yes → no → blank. */
export function nextCellValue(value: boolean | undefined): boolean | undefined {
  if (value === undefined) return true;
  if (value) return false;
  return undefined;
}

/** The grid with one cell changed (blank when `value` is undefined); the grid given is not changed. */
export function setCell(cells: GridCells, rowId: string, indicator: string, value: boolean | undefined): GridCells {
  const row = { ...(cells[rowId] ?? {}) };
  if (value === undefined) delete row[indicator];
  else row[indicator] = value;
  return { ...cells, [rowId]: row };
}

/** Every row of one column set to the same value ("all yes"). */
export function setColumn(cells: GridCells, rowIds: readonly string[], indicator: string, value: boolean | undefined): GridCells {
  let out = cells;
  for (const id of rowIds) out = setCell(out, id, indicator, value);
  return out;
}

export interface SocialActionObservation {
  id: string;
  indicator: string;
  memberId?: string;
  householdId?: string;
  met: boolean;
}

export interface SocialActionPayload {
  meetingId?: string;
  driveId?: string;
  observations: SocialActionObservation[];
}

export interface BuiltGrid {
  payload: SocialActionPayload;
  /** For observation i of the payload: its row and column (to show a problem of `observations.i.*` at its cell). */
  cells: Array<{ rowId: string; indicator: string }>;
}

/**
 * The `record-social-action` payload of a grid: one observation per answered cell of the rows and columns shown,
 * row by row in the order given, columns in their order. Cells of rows or columns not shown (a filter changed, a
 * subject switched) are left out. `newId` gives each observation its id (crypto.randomUUID in the browser).
 */
export function buildSocialActionPayload(input: {
  occasion: GridOccasion;
  subject: GridSubject;
  rowIds: readonly string[];
  columns: readonly Pick<GridIndicator, 'code'>[];
  cells: GridCells;
  newId: () => string;
}): BuiltGrid {
  const observations: SocialActionObservation[] = [];
  const cells: BuiltGrid['cells'] = [];
  for (const rowId of input.rowIds) {
    const row = input.cells[rowId];
    if (!row) continue;
    for (const column of input.columns) {
      const met = row[column.code];
      if (met === undefined) continue;
      observations.push({ id: input.newId(), indicator: column.code, ...(input.subject === 'member' ? { memberId: rowId } : { householdId: rowId }), met });
      cells.push({ rowId, indicator: column.code });
    }
  }
  const where = input.occasion.kind === 'drive' ? { driveId: input.occasion.driveId } : { meetingId: input.occasion.meetingId };
  return { payload: { ...where, observations }, cells };
}

/** The row and column a problem's field (`observations.3.memberId`) points at, when it is one of the grid's. */
export function cellOfField(built: BuiltGrid, field: string | undefined): { rowId: string; indicator: string } | null {
  const m = /^observations\.(\d+)\./.exec(field ?? '');
  return m ? (built.cells[Number(m[1])] ?? null) : null;
}
