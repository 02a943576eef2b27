import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';

let h: TestApp;
let g: TestGroup;
let entityId: number;
const memberLoanId = randomUUID();
const scheduledLoanId = randomUUID();
const bankLoanId = randomUUID();
const cifLoanId = randomUUID();
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };

const entityOf = async (shgId: string) => (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', shgId).executeTakeFirstOrThrow()).id;
const count = async (table: 'journal_entry' | 'loan' | 'member' | 'loan_event') => Number((await h.t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function cutoff(shgId: string, extra: Record<string, unknown> = {}) {
  return {
    shgId,
    date: '2024-03-31',
    cashPaise: 235_000,
    bankPaise: 3_590_050,
    revolvingFundPaise: 1_500_000,
    grantsPaise: 250_000,
    fixedDepositsPaise: 1_000_000,
    members: [
      { membershipNumber: 1, compulsorySavingsPaise: 240_000, voluntarySavingsPaise: 50_000 },
      { membershipNumber: 2, compulsorySavingsPaise: 240_000 },
      { membershipNumber: 3, name: 'Geeta Devi', compulsorySavingsPaise: 120_000, voluntarySavingsPaise: 25_050 },
    ],
    memberLoans: [
      { loanId: memberLoanId, membershipNumber: 1, reference: 'L-07', disbursedOn: '2023-11-15', originalPrincipalPaise: 1_000_000, principalOutstandingPaise: 600_000, interestOverduePaise: 12_000, terms: flexible },
      {
        loanId: scheduledLoanId, membershipNumber: 3, disbursedOn: '2024-01-31', originalPrincipalPaise: 500_000, principalOutstandingPaise: 400_000,
        terms: { kind: 'scheduled', annualRatePercent: '24', interestMethod: 'flat', amortization: 'equal-principal', repayments: 5, unit: 'months' },
      },
    ],
    externalLoans: [
      { loanId: bankLoanId, reference: 'CC-0042', lender: 'bank', lenderName: 'Bank of India', kind: 'cash-credit', sanctionedOn: '2023-06-01', principalOutstandingPaise: 2_000_000, annualRatePercent: '7', limitPaise: 5_000_000 },
      { loanId: cifLoanId, lender: 'vo-cif', lenderName: 'Jagriti VO', sanctionedOn: '2023-09-01', sanctionedPaise: 1_500_000, principalOutstandingPaise: 900_000, annualRatePercent: '12' },
    ],
    ...extra,
  };
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 2, formedOn: '2023-01-02' });
  entityId = await entityOf(g.shgId);
});
afterAll(async () => h.close());

describe('import-cutoff', () => {
  it('refuses bad figures, naming every field, and writes nothing', async () => {
    const before = { entries: await count('journal_entry'), loans: await count('loan'), members: await count('member') };
    const bad = cutoff(g.shgId, {
      date: '2022-12-31',
      members: [{ membershipNumber: 9, compulsorySavingsPaise: 100 }],
      memberLoans: [
        { loanId: randomUUID(), membershipNumber: 1, disbursedOn: '2022-11-15', originalPrincipalPaise: 100_000, principalOutstandingPaise: 200_000, terms: flexible },
        { loanId: randomUUID(), membershipNumber: 7, disbursedOn: '2022-11-15', originalPrincipalPaise: 100_000, principalOutstandingPaise: 1_000, terms: flexible },
      ],
      externalLoans: [{ loanId: randomUUID(), lender: 'bank', kind: 'cash-credit', sanctionedOn: '2022-06-01', principalOutstandingPaise: 100, annualRatePercent: '7' }],
    });
    const r = await h.admin.command('import-cutoff', bad);
    expect(r.status).toBe(422);
    const codes = r.body.error.problems.map((p: any) => `${p.code}@${p.field}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'DATE_BEFORE_FORMATION@date',
        'VALIDATION_FAILED@members.0.name',
        'VALIDATION_FAILED@memberLoans.0.principalOutstandingPaise',
        'UNKNOWN_MEMBER@memberLoans.1.membershipNumber',
        'INVALID_LOAN_TERMS@externalLoans.0.limitPaise',
      ]),
    );
    expect({ entries: await count('journal_entry'), loans: await count('loan'), members: await count('member') }).toEqual(before);
    expect((await ok(h.admin.get(`/api/shgs/${g.shgId}`))).shg.startedWithCutoffOn).toBeNull();
  });

  it('posts one opening entry; the difference goes to equity:opening-balance', async () => {
    const r = await ok(h.admin.command('import-cutoff', cutoff(g.shgId)));
    expect(r.status).toBe('applied');
    expect(r.result).toMatchObject({ date: '2024-03-31', members: 3, memberLoans: 2, externalLoans: 2, savingsPaise: 675_050, memberLoansOutstandingPaise: 1_000_000, externalLoansOutstandingPaise: 2_900_000 });
    expect(r.result.admitted).toEqual([{ membershipNumber: 3, memberId: expect.any(String) }]);
    // assets 2,350 + 35,900.50 + 10,000 + 10,000 = 58,250.50; claims 6,750.50 + 29,000 + 15,000 + 2,500 = 53,250.50
    expect(r.result.openingBalancePaise).toBe(-500_000);
    const b = await accountBalances(h.t.db, entityId);
    expect(Object.fromEntries(b)).toEqual({
      'assets:cash': 235_000,
      'assets:bank': 3_590_050,
      'assets:fixed-deposits': 1_000_000,
      'assets:loans-to-members': 1_000_000,
      'liabilities:savings:compulsory': -600_000,
      'liabilities:savings:voluntary': -75_050,
      'liabilities:loans:bank': -2_000_000,
      'liabilities:loans:vo-cif': -900_000,
      'equity:revolving-fund': -1_500_000,
      'equity:grants': -250_000,
      'equity:opening-balance': -500_000,
    });
    const entries = await h.t.db.selectFrom('journal_entry').selectAll().where('entity_id', '=', entityId).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source_type: 'import-cutoff', business_date: '2024-03-31' });
  });

  it('admits the new member at the cut-off; loans are marked as brought in, with opening events', async () => {
    const members = (await ok(h.admin.get(`/api/shgs/${g.shgId}/members`))).members;
    expect(members.map((m: any) => [m.membershipNumber, m.name, m.joinedOn, m.compulsorySavingsPaise + m.voluntarySavingsPaise, m.loanOutstandingPaise])).toEqual([
      [1, 'Member 1', '2023-01-02', 290_000, 600_000],
      [2, 'Member 2', '2023-01-02', 240_000, 0],
      [3, 'Geeta Devi', '2024-03-31', 145_050, 400_000],
    ]);
    const loans = await h.t.db.selectFrom('loan').selectAll().where('entity_id', '=', entityId).orderBy('disbursed_on').execute();
    expect(loans.every((l) => l.opened_by_cutoff && l.status === 'open')).toBe(true);
    expect(loans.find((l) => l.id === memberLoanId)).toMatchObject({ kind: 'internal-flexible', principal_paise: 1_000_000, reference: 'L-07' });
    expect(loans.find((l) => l.id === scheduledLoanId)!.schedule).toHaveLength(5);
    expect(loans.find((l) => l.id === bankLoanId)).toMatchObject({ kind: 'external-cash-credit', limit_paise: 5_000_000, reference: 'CC-0042' });
    expect(loans.find((l) => l.id === cifLoanId)).toMatchObject({ kind: 'external-term', principal_paise: 1_500_000 });
    const events = await h.t.db.selectFrom('loan_event').select(['loan_id', 'event']).where('loan_id', '=', memberLoanId).execute();
    expect(events.map((e) => e.event)).toEqual([expect.objectContaining({ type: 'opening', principalOutstandingPaise: 600_000, interestDuePaise: 12_000 })]);
    expect((await ok(h.admin.get(`/api/shgs/${g.shgId}`))).shg.startedWithCutoffOn).toBe('2024-03-31');
  });

  it('the first meeting after the cut-off collects the overdue interest first and repays outside loans', async () => {
    // 2024-04-15: Rs 120 overdue + 2% of Rs 6,000 for the month = Rs 240 interest; Rs 340 leaves Rs 100 for principal.
    const r = await ok(h.admin.command('record-meeting', {
      meetingId: randomUUID(), shgId: g.shgId, date: '2024-04-15',
      repayments: [{ memberId: g.memberIds[0], loanId: memberLoanId, amountPaise: 34_000 }],
      externalLoanRepayments: [{ externalLoanId: cifLoanId, principalPaise: 100_000, interestPaise: 9_000, via: 'bank' }],
    }));
    expect(r.status).toBe('applied');
    const b = await accountBalances(h.t.db, entityId);
    expect(b.get('income:interest:member-loans')).toBe(-24_000);
    expect(b.get('assets:loans-to-members')).toBe(990_000);
    expect(b.get('liabilities:loans:vo-cif')).toBe(-800_000);
    expect(b.get('expenses:interest:vo-loans')).toBe(9_000);
  });

  it('refuses a second cut-off, and a cut-off for a group that already has meetings', async () => {
    const again = await h.admin.command('import-cutoff', cutoff(g.shgId, { memberLoans: [], externalLoans: [] }));
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('shgId');
    const other = await makeGroup(h, h.admin, { members: 1, formedOn: '2024-01-01' });
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: other.shgId, date: '2024-01-08', savings: [{ memberId: other.memberIds[0], compulsoryPaise: 1000 }] }));
    const r = await h.admin.command('import-cutoff', { shgId: other.shgId, date: '2024-03-31', cashPaise: 100 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
  });

  it('a wrong cut-off can be reversed while nothing follows it, and imported again', async () => {
    const other = await makeGroup(h, h.admin, { members: 1, formedOn: '2023-01-02' });
    const loanId = randomUUID();
    const first = await ok(h.admin.command('import-cutoff', {
      shgId: other.shgId, date: '2024-03-31', cashPaise: 10_000,
      members: [{ membershipNumber: 1, compulsorySavingsPaise: 5_000 }],
      memberLoans: [{ loanId, membershipNumber: 1, disbursedOn: '2024-01-01', originalPrincipalPaise: 5_000, principalOutstandingPaise: 5_000, terms: flexible }],
    }));
    await ok(h.admin.command('reverse-entry', { entryId: first.result.entryId, reason: 'cash typed in the wrong column', date: '2024-03-31' }));
    expect((await h.t.db.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect((await ok(h.admin.get(`/api/shgs/${other.shgId}`))).shg.startedWithCutoffOn).toBeNull();
    const second = await ok(h.admin.command('import-cutoff', { shgId: other.shgId, date: '2024-03-31', bankPaise: 10_000, members: [{ membershipNumber: 1, compulsorySavingsPaise: 5_000 }] }));
    expect(second.result.openingBalancePaise).toBe(-5_000);
    const b = await accountBalances(h.t.db, await entityOf(other.shgId));
    expect(b.get('assets:cash') ?? 0).toBe(0);
    expect(b.get('assets:bank')).toBe(10_000);
  });
});
