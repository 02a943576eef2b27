import { randomUUID } from 'node:crypto';
import type { Caller, TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';

/**
 * A block for the MIS tests, built only through commands: two villages, three SHGs (two in the first village), weekly
 * meetings with savings, internal loans (one repaid late, one never repaid), a bank loan, a VO-CIF loan, the
 * Revolving Fund, a signed-off grading; and another block (another branch) with its own staff.
 */
export interface MisBlock {
  blockId: string;
  villages: [string, string];
  shgs: Array<{ id: string; villageId: string; memberIds: string[] }>;
  otherBlockId: string;
  otherShgId: string;
  other: Caller;
}

export const FORMED = '2026-01-05';
const SAVING = 10_000;
const scheduled = { kind: 'scheduled', annualRatePercent: '24', interestMethod: 'flat', amortization: 'equal-principal', repayments: 5, unit: 'months' };
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };

/** Mondays from the first, n of them. */
const mondays = (first: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${first}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10));

async function shg(c: Caller, villageId: string, code: string, members: number, categories: string[][] = []) {
  const id = randomUUID();
  await ok(c.command('create-shg', { id, villageId, name: `SHG ${code}`, code, formedOn: FORMED, meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: SAVING }));
  const memberIds: string[] = [];
  for (let m = 0; m < members; m++) {
    const memberId = randomUUID();
    await ok(c.command('admit-member', { id: memberId, shgId: id, name: `Member ${m + 1}`, joinedOn: FORMED, categories: categories[m] ?? [] }));
    memberIds.push(memberId);
  }
  return { id, villageId, memberIds };
}

export async function makeMisBlock(h: TestApp, code = 'MB'): Promise<MisBlock> {
  const c = h.admin;
  const stateId = randomUUID();
  const blockId = randomUUID();
  await ok(c.command('create-node', { id: stateId, parentId: h.rootNodeId, kind: 'state', name: `State ${code}`, code: `ST-${code}`, nrlmCode: '12', lgdCode: '6' }));
  const districtId = randomUUID();
  await ok(c.command('create-node', { id: districtId, parentId: stateId, kind: 'district', name: `District ${code}`, code: `D-${code}`, nrlmCode: '1208', lgdCode: '77' }));
  await ok(c.command('create-node', { id: blockId, parentId: districtId, kind: 'block', name: `Block ${code}`, code: `B-${code}`, nrlmCode: '1208005', lgdCode: '6501' }));
  const villages: [string, string] = [randomUUID(), randomUUID()];
  for (const [i, v] of villages.entries()) {
    await ok(c.command('create-node', { id: v, parentId: blockId, kind: 'village', name: `Village ${code}-${i + 1}`, code: `V-${code}-${i + 1}`, nrlmCode: `120800503200${i + 1}`, lgdCode: `6600${i + 1}` }));
  }
  const sc = ['sc'];
  const shgs = [
    await shg(c, villages[0], `${code}-S1`, 4, [sc, sc, ['sc', 'person-with-disability'], []]),
    await shg(c, villages[0], `${code}-S2`, 5),
    await shg(c, villages[1], `${code}-S3`, 4, [['st'], ['st'], [], []]),
  ];
  const [s1, s2, s3] = shgs as [MisBlock['shgs'][number], MisBlock['shgs'][number], MisBlock['shgs'][number]];

  await ok(c.command('receive-external-loan', { loanId: randomUUID(), shgId: s3.id, date: '2026-03-03', lender: 'vo-cif', lenderName: 'Village VO', kind: 'term-loan', amountPaise: 2_000_000, annualRatePercent: '12', repayments: 10, into: 'cash' }));
  const bankLoan = randomUUID();
  await ok(c.command('receive-external-loan', { loanId: bankLoan, shgId: s2.id, date: '2026-02-20', lender: 'bank', lenderName: 'SBI', kind: 'term-loan', amountPaise: 5_000_000, annualRatePercent: '12', repayments: 10 }));

  const loans = { s1a: randomUUID(), s1b: randomUUID(), s2a: randomUUID(), s3a: randomUUID() };
  const days = mondays(FORMED, 17); // 5 Jan … 27 Apr 2026
  for (const [i, date] of days.entries()) {
    for (const g of shgs) {
      const extra: Record<string, unknown> = {};
      if (g === s1 && date === '2026-01-26') extra.disbursements = [{ loanId: loans.s1a, memberId: g.memberIds[0], principalPaise: 30_000, purpose: 'goat', terms: scheduled }];
      // The Revolving Fund, received by S1 at its meeting (into the bank).
      if (g === s1 && date === '2026-02-09') extra.otherReceipts = [{ kind: 'revolving-fund', amountPaise: 1_500_000, narration: 'RF', via: 'bank' }];
      if (g === s1 && date === '2026-02-02') extra.disbursements = [{ loanId: loans.s1b, memberId: g.memberIds[1], principalPaise: 50_000, purpose: 'seeds', terms: scheduled }];
      // s1a is repaid late (nothing in February, two instalments in April); s1b never.
      if (g === s1 && date === '2026-04-06') extra.repayments = [{ memberId: g.memberIds[0], loanId: loans.s1a, amountPaise: 13_200 }];
      if (g === s2 && date === '2026-01-19') extra.disbursements = [{ loanId: loans.s2a, memberId: g.memberIds[2], principalPaise: 40_000, purpose: 'shop', terms: flexible }];
      if (g === s2 && date === '2026-03-02') extra.repayments = [{ memberId: g.memberIds[2], loanId: loans.s2a, amountPaise: 10_000 }];
      if (g === s2 && date === '2026-03-23') extra.externalLoanRepayments = [{ externalLoanId: bankLoan, principalPaise: 500_000, interestPaise: 50_000, via: 'bank' }];
      if (g === s3 && date === '2026-03-09') extra.disbursements = [{ loanId: loans.s3a, memberId: g.memberIds[0], principalPaise: 60_000, purpose: 'cow', terms: scheduled }];
      if (g === s3 && (date === '2026-04-13')) extra.repayments = [{ memberId: g.memberIds[0], loanId: loans.s3a, amountPaise: 13_200 }];
      const voluntary = g === s2 && i % 3 === 0 ? 2_500 : 0;
      await ok(
        c.command('record-meeting', {
          meetingId: randomUUID(),
          shgId: g.id,
          date,
          attendance: g.memberIds.map((memberId) => ({ memberId, status: 'present' })),
          savings: g.memberIds.map((memberId, k) => ({ memberId, compulsoryPaise: g === s3 && k === 3 && i % 4 === 1 ? 0 : SAVING, voluntaryPaise: k === 0 ? voluntary : 0 })),
          ...extra,
        }),
      );
    }
  }

  // A grading of S2, signed off by a second person.
  await ok(c.command('create-user', { id: randomUUID(), username: `checker-${code.toLowerCase()}`, name: 'Checker', password: 'checker-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  const checker = await h.as(`checker-${code.toLowerCase()}`, 'checker-pass-1');
  const gradingId = randomUUID();
  await ok(c.command('grade-shg', { id: gradingId, shgId: s2.id, asOf: '2026-04-27', stage: 'before-rf' }));
  await ok(checker.command('sign-off-grading', { gradingId }));

  // Another branch: its own block, SHG and staff.
  const otherBlockId = randomUUID();
  const otherVillage = randomUUID();
  await ok(c.command('create-node', { id: otherBlockId, parentId: h.rootNodeId, kind: 'block', name: `Other ${code}`, code: `OB-${code}` }));
  await ok(c.command('create-node', { id: otherVillage, parentId: otherBlockId, kind: 'village', name: `Other village ${code}`, code: `OV-${code}` }));
  const o = await shg(c, otherVillage, `${code}-O1`, 2);
  await ok(c.command('record-meeting', { meetingId: randomUUID(), shgId: o.id, date: FORMED, attendance: [], savings: o.memberIds.map((memberId) => ({ memberId, compulsoryPaise: SAVING, voluntaryPaise: 0 })) }));
  await ok(c.command('create-user', { id: randomUUID(), username: `other-${code.toLowerCase()}`, name: 'Other staff', password: 'other-pass-1', roles: [{ nodeId: otherBlockId, role: 'staff' }] }));
  const other = await h.as(`other-${code.toLowerCase()}`, 'other-pass-1');
  return { blockId, villages, shgs, otherBlockId, otherShgId: o.id, other };
}
