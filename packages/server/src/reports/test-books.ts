import { randomUUID } from 'node:crypto';
import type { LoanEvent, FlexibleLoanTerms } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { postEntry, reverseEntry, type EntryLine } from '../ledger/post-entry.ts';
import type { TestApp } from '../testing/app.ts';

/**
 * A small SHG's first quarter of books, posted the way the meeting use case posts them (member-tagged cash lines,
 * savings, loans, interest and fines tagged with member and loan), for report tests. Figures worked by hand are
 * in the tests; the story:
 *   06 Jan  savings: 100 each (Asha also 50 voluntary)
 *   13 Jan  savings; fine Bina 5; stationery 20; loan L1 to Asha 400 (2 % a month, monthly, agreed 100 a month)
 *   20 Jan  savings; 200 cash to the bank
 *   01 Feb  bank term loan X1 of 5,000 drawn into the bank
 *   13 Feb  savings; Asha repays 108 (interest 8, principal 100)
 *   20 Feb  fine Chandni 10, then that entry reversed (recorded by mistake)
 *   01 Mar  X1 repaid from the bank: principal 200, interest 50
 *   13 Mar  savings; Asha withdraws 20 voluntary; meeting expense 10; loan L2 to Bina 200 (1.5 %, monthly)
 *   20 Mar  bank interest 1.50 credited
 * Asha pays nothing on 13 Mar: on 31 Mar she is 18 days overdue (interest 6 and principal 100 due on 13 Mar).
 */
export interface Books {
  shgId: string;
  entityId: number;
  entityCode: string;
  members: { asha: string; bina: string; chandni: string };
  loans: { l1: string; l2: string; x1: string };
  reversedEntryId: number;
}

async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const C = 'assets:cash';
const B = 'assets:bank';
const SC = 'liabilities:savings:compulsory';
const SV = 'liabilities:savings:voluntary';
const LM = 'assets:loans-to-members';
const IM = 'income:interest:member-loans';
const F = 'income:fines';

export async function buildBooks(h: TestApp, opts: { villageId?: string; code?: string } = {}): Promise<Books> {
  const c = h.admin.command;
  let villageId = opts.villageId;
  if (!villageId) {
    const block = randomUUID();
    villageId = randomUUID();
    await ok(c('create-node', { id: block, parentId: h.rootNodeId, kind: 'block', name: 'Block', code: `BL-${randomUUID().slice(0, 6)}` }));
    await ok(c('create-node', { id: villageId, parentId: block, kind: 'village', name: 'Village', code: `VI-${randomUUID().slice(0, 6)}` }));
  }
  const shgId = randomUUID();
  const code = opts.code ?? `SHG-${randomUUID().slice(0, 6)}`;
  await ok(c('create-shg', { id: shgId, villageId, name: 'Kamala SHG', code, formedOn: '2025-01-01', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 10000 }));
  const members = { asha: randomUUID(), bina: randomUUID(), chandni: randomUUID() };
  for (const [name, id] of Object.entries(members)) {
    await ok(c('admit-member', { id, shgId, name: name[0]!.toUpperCase() + name.slice(1), joinedOn: '2025-01-01' }));
  }
  const db: Database = h.t.db;
  const entity = await db.selectFrom('entity').select(['id', 'code', 'organisation_id']).where('node_id', '=', shgId).executeTakeFirstOrThrow();
  const loans = { l1: randomUUID(), l2: randomUUID(), x1: randomUUID() };
  const { asha, bina, chandni } = members;

  const post = (businessDate: string, lines: EntryLine[], narration = `Meeting ${businessDate}`, sourceType = 'record-meeting') =>
    db.transaction().execute((tx) => postEntry(tx, { organisationId: entity.organisation_id, entityId: entity.id, businessDate, narration, sourceType, lines }));
  const savings = (m: string, paise = 10000): EntryLine[] => [
    { accountPath: C, amountPaise: paise, memberId: m },
    { accountPath: SC, amountPaise: -paise, memberId: m },
  ];
  const terms = (rate: string, agreed: number | null): FlexibleLoanTerms => ({
    kind: 'flexible',
    ratePercentPerMonth: rate,
    period: 'monthly',
    interestRounding: { unit: 'paise', mode: 'half-even' },
    agreedPrincipalPaise: agreed,
  });
  const insertLoan = (id: string, memberId: string, principal: number, date: string, t: FlexibleLoanTerms) =>
    db
      .insertInto('loan')
      .values({ id, organisation_id: entity.organisation_id, entity_id: entity.id, member_id: memberId, kind: 'internal-flexible', lender: null, lender_name: null, principal_paise: principal, limit_paise: null, disbursed_on: date, terms: JSON.stringify(t), schedule: null, purpose: 'goat', command_id: null })
      .execute();
  const event = (loanId: string, entryId: number, e: LoanEvent) =>
    db.insertInto('loan_event').values({ id: randomUUID(), organisation_id: entity.organisation_id, loan_id: loanId, entry_id: entryId, event: JSON.stringify(e) }).execute();

  // 06 Jan
  await post('2025-01-06', [
    { accountPath: C, amountPaise: 15000, memberId: asha },
    { accountPath: SC, amountPaise: -10000, memberId: asha },
    { accountPath: SV, amountPaise: -5000, memberId: asha },
    ...savings(bina),
    ...savings(chandni),
  ]);
  // 13 Jan
  await insertLoan(loans.l1, asha, 40000, '2025-01-13', terms('2', 10000));
  const e2 = await post('2025-01-13', [
    { accountPath: C, amountPaise: 10000, memberId: asha },
    { accountPath: SC, amountPaise: -10000, memberId: asha },
    { accountPath: C, amountPaise: 10500, memberId: bina },
    { accountPath: SC, amountPaise: -10000, memberId: bina },
    { accountPath: F, amountPaise: -500, memberId: bina },
    ...savings(chandni),
    { accountPath: 'expenses:stationery', amountPaise: 2000 },
    { accountPath: C, amountPaise: -2000 },
    { accountPath: LM, amountPaise: 40000, memberId: asha, loanId: loans.l1 },
    { accountPath: C, amountPaise: -40000, memberId: asha },
  ]);
  await event(loans.l1, e2, { id: 'm2:disbursement', type: 'disbursement', date: '2025-01-13', amountPaise: 40000 });
  // 20 Jan
  await post('2025-01-20', [...savings(asha), ...savings(bina), ...savings(chandni), { accountPath: B, amountPaise: 20000 }, { accountPath: C, amountPaise: -20000 }]);
  // 01 Feb: bank term loan
  await db
    .insertInto('loan')
    .values({ id: loans.x1, organisation_id: entity.organisation_id, entity_id: entity.id, member_id: null, kind: 'external-term', lender: 'bank', lender_name: 'SBI Ramnagar', principal_paise: 500000, limit_paise: null, disbursed_on: '2025-02-01', terms: JSON.stringify({ ratePercentPerYear: '12' }), schedule: null, purpose: null, command_id: null })
    .execute();
  await post('2025-02-01', [{ accountPath: B, amountPaise: 500000 }, { accountPath: 'liabilities:loans:bank', amountPaise: -500000, loanId: loans.x1 }], 'Bank loan drawn', 'receive-external-loan');
  // 13 Feb: Asha repays 108
  const e5 = await post('2025-02-13', [
    { accountPath: C, amountPaise: 20800, memberId: asha },
    { accountPath: SC, amountPaise: -10000, memberId: asha },
    { accountPath: LM, amountPaise: -10000, memberId: asha, loanId: loans.l1 },
    { accountPath: IM, amountPaise: -800, memberId: asha, loanId: loans.l1 },
    ...savings(bina),
    ...savings(chandni),
  ]);
  await event(loans.l1, e5, { id: 'm5:repayment', type: 'repayment', date: '2025-02-13', amountPaise: 10800, allocation: { penaltyPaise: 0, interestPaise: 800, principalPaise: 10000 } });
  // 20 Feb: a fine recorded by mistake, reversed
  const e6 = await post('2025-02-20', [{ accountPath: C, amountPaise: 1000, memberId: chandni }, { accountPath: F, amountPaise: -1000, memberId: chandni }]);
  await db.transaction().execute((tx) => reverseEntry(tx, e6, 'recorded by mistake', '2025-02-20', null));
  // 01 Mar: the group repays the bank
  await post('2025-03-01', [
    { accountPath: 'liabilities:loans:bank', amountPaise: 20000, loanId: loans.x1 },
    { accountPath: 'expenses:interest:bank-loans', amountPaise: 5000, loanId: loans.x1 },
    { accountPath: B, amountPaise: -25000 },
  ], 'Bank loan repayment', 'repay-external-loan');
  // 13 Mar
  await insertLoan(loans.l2, bina, 20000, '2025-03-13', terms('1.5', null));
  const e9 = await post('2025-03-13', [
    { accountPath: C, amountPaise: 10000, memberId: asha },
    { accountPath: SC, amountPaise: -10000, memberId: asha },
    { accountPath: SV, amountPaise: 2000, memberId: asha },
    { accountPath: C, amountPaise: -2000, memberId: asha },
    { accountPath: C, amountPaise: 10000, memberId: bina },
    { accountPath: SC, amountPaise: -10000, memberId: bina },
    { accountPath: LM, amountPaise: 20000, memberId: bina, loanId: loans.l2 },
    { accountPath: C, amountPaise: -20000, memberId: bina },
    ...savings(chandni),
    { accountPath: 'expenses:meeting', amountPaise: 1000 },
    { accountPath: C, amountPaise: -1000 },
  ]);
  await event(loans.l2, e9, { id: 'm9:disbursement', type: 'disbursement', date: '2025-03-13', amountPaise: 20000 });
  // 20 Mar
  await post('2025-03-20', [{ accountPath: B, amountPaise: 150 }, { accountPath: 'income:interest:bank', amountPaise: -150 }], 'Bank interest', 'record-receipt');

  return { shgId, entityId: entity.id, entityCode: entity.code, members, loans, reversedEntryId: e6 };
}
