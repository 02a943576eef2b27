import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSocialActionPayload, cellOfField, gridColumns, setCell, setColumn, type GridCells, type GridIndicator } from '@khata/core/social-action-grid';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';

/**
 * The web form's observation grid (core/social-action-grid.ts) builds a `record-social-action` payload that the
 * command accepts as it is, for a drive and for a meeting, and the rows written are exactly the cells answered.
 */
let h: TestApp;
let g: TestGroup;
let households: string[];

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 3, formedOn: '2026-01-05', code: 'GRID' });
  households = [randomUUID(), randomUUID()];
  for (const [i, id] of households.entries()) {
    await ok(h.admin.command('register-household', { id, villageId: g.villageId, registerNumber: `G-${i + 1}`, headName: `Head ${i + 1}`, povertyStatus: 'poor' }));
  }
});
afterAll(async () => h.close());

const observationsOf = (commandKey: { driveId?: string; meetingId?: string }) =>
  h.t.db
    .selectFrom('social_action_observation' as never)
    .select(['indicator', 'member_id', 'household_id', 'met', 'observed_on'] as never[])
    .where((commandKey.driveId ? 'drive_id' : 'meeting_id') as never, '=', (commandKey.driveId ?? commandKey.meetingId) as never)
    .orderBy('indicator' as never)
    .orderBy('member_id' as never)
    .orderBy('household_id' as never)
    .execute() as unknown as Promise<Array<{ indicator: string; member_id: string | null; household_id: string | null; met: boolean; observed_on: string }>>;

describe('the social action grid', () => {
  it('records a drive’s grid of households and of members as the command’s observations', async () => {
    const driveId = randomUUID();
    await ok(h.admin.command('record-drive', { id: driveId, nodeId: g.villageId, name: 'Immunisation drive', heldOn: '2026-02-10', indicatorSet: 'immunisation' }));
    const { indicators } = (await ok(h.admin.get('/api/social-action/indicators?date=2026-02-10'))) as { indicators: GridIndicator[] };

    // Households: only the immunisation set's household indicators are columns.
    const hhColumns = gridColumns(indicators, 'household', 'immunisation');
    expect(hhColumns.map((c) => c.code)).toEqual(['immunisation-child']);
    let cells: GridCells = {};
    cells = setColumn(cells, households, 'immunisation-child', true);
    cells = setCell(cells, households[1]!, 'immunisation-child', false);
    // A cell of a column not shown is not sent.
    cells = setCell(cells, households[0]!, 'sanitation', true);
    const built = buildSocialActionPayload({ occasion: { kind: 'drive', driveId }, subject: 'household', rowIds: households, columns: hhColumns, cells, newId: randomUUID });
    expect(built.payload.observations).toHaveLength(2);
    const r = await ok(h.admin.command('record-social-action', built.payload));
    expect(r.result).toMatchObject({ recorded: 2, date: '2026-02-10' });

    // Members: the mothers' immunisation; one woman not asked (no observation).
    const mColumns = gridColumns(indicators, 'member', 'immunisation');
    expect(mColumns.map((c) => c.code)).toEqual(['immunisation-mother']);
    let mCells: GridCells = setCell({}, g.memberIds[0]!, 'immunisation-mother', true);
    mCells = setCell(mCells, g.memberIds[2]!, 'immunisation-mother', false);
    const mBuilt = buildSocialActionPayload({ occasion: { kind: 'drive', driveId }, subject: 'member', rowIds: g.memberIds, columns: mColumns, cells: mCells, newId: randomUUID });
    await ok(h.admin.command('record-social-action', mBuilt.payload));

    const rows = await observationsOf({ driveId });
    expect(rows.map((x) => [x.indicator, x.member_id ?? x.household_id, x.met])).toEqual(
      [
        ['immunisation-child', households[0], true],
        ['immunisation-child', households[1], false],
        ['immunisation-mother', g.memberIds[0], true],
        ['immunisation-mother', g.memberIds[2], false],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))),
    );
    expect(rows.every((x) => x.observed_on === '2026-02-10')).toBe(true);
  });

  it('records a meeting’s grid with every indicator that fits a member, and a refused cell points back at its row', async () => {
    const meetingId = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId, shgId: g.shgId, date: '2026-03-09', savings: [] }));
    const { indicators } = (await ok(h.admin.get('/api/social-action/indicators?date=2026-03-09'))) as { indicators: GridIndicator[] };
    const columns = gridColumns(indicators, 'member');
    // Member-only and either-subject indicators; none observed only for a household.
    expect(columns.map((c) => c.code)).toEqual(indicators.filter((i) => i.subject !== 'household').map((i) => i.code));
    let cells: GridCells = {};
    for (const c of columns) cells = setColumn(cells, g.memberIds, c.code, true);
    cells = setCell(cells, g.memberIds[1]!, 'literacy', false);
    const built = buildSocialActionPayload({ occasion: { kind: 'meeting', meetingId }, subject: 'member', rowIds: g.memberIds, columns, cells, newId: randomUUID });
    expect(built.payload).not.toHaveProperty('driveId');
    expect(built.payload.observations).toHaveLength(columns.length * g.memberIds.length);
    await ok(h.admin.command('record-social-action', built.payload));
    const rows = await observationsOf({ meetingId });
    expect(rows).toHaveLength(columns.length * g.memberIds.length);
    expect(rows.filter((x) => !x.met).map((x) => [x.indicator, x.member_id])).toEqual([['literacy', g.memberIds[1]]]);

    // A woman of another group in the grid: the command refuses it, and the problem's field names her cell.
    const other = await makeGroup(h, h.admin, { members: 1, formedOn: '2026-01-05', code: 'GRID2' });
    const rowIds = [g.memberIds[0]!, other.memberIds[0]!];
    const bad = buildSocialActionPayload({
      occasion: { kind: 'meeting', meetingId },
      subject: 'member',
      rowIds,
      columns: [{ code: 'health-seeking' }],
      cells: setColumn({}, rowIds, 'health-seeking', true),
      newId: randomUUID,
    });
    const refused = await h.admin.command('record-social-action', bad.payload);
    expect(refused.status).toBe(422);
    const field = refused.body.error.problems[0].field as string;
    expect(cellOfField(bad, field)).toEqual({ rowId: other.memberIds[0], indicator: 'health-seeking' });
  });
});
