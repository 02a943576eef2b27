import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, regularMeeting, type TestGroup } from '../testing/fixtures.ts';

/*
 * Bank linkage through the API: a weekly group formed on 2 March 2026 (five members, Rs 10 a week, Rs 30,000
 * Revolving Fund on 3 August) graded B and signed off; applications, eligibility naming its rules, the dose limit,
 * the bank's decision, the loan received against the sanction, repayments, subvention claims to the paisa and the
 * credit posted in the books; pendency by age; another branch sees nothing.
 */
let h: TestApp;
let g: TestGroup; // the eligible group
let young: TestGroup; // formed in August: too young, never graded
let other: TestGroup; // in another branch
let checker: Caller;
let staff: Caller; // staff of g's branch only
const bank = { bankName: 'State Bank of India', branchName: 'Baruipur' };
const LAKH = 100_000_00;
const RF = 30_000_00;
let loanId: string;
let schedule: Array<{ n: number; dueOn: string; principalPaise: number; interestPaise: number; totalPaise: number }>;
const apps: Record<string, string> = {};

const submit = (caller: Caller, id: string, shgId: string, date: string, amountRequestedPaise: number, product = 'term-loan') =>
  caller.command('submit-loan-application', { id, shgId, ...bank, product, amountRequestedPaise, purpose: 'dairy', date });

async function rawGet(url: string) {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-pass-1', device: { id: 't' } } });
  return h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${login.json().token}` } });
}

beforeAll(async () => {
  h = await testApp();
  // Grading over one month, meetings may reach the books late (they are recorded today for dates in the past).
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-01-01', body: { grading: { windowMonths: 1, booksMaxDelayDays: 1000 }, bankLinkage: { eligibility: { minPanchasutraScore: 0 } } } }));
  g = await makeGroup(h, h.admin, { members: 5, formedOn: '2026-03-02', code: 'BNK' });
  for (let d = 0; d <= 35; d += 7) {
    const date = new Date(Date.UTC(2026, 7, 3 + d)).toISOString().slice(0, 10); // Mondays from 3 Aug to 7 Sep
    await ok(h.admin.command('record-meeting', regularMeeting(g, date, d === 0 ? { otherReceipts: [{ kind: 'revolving-fund', amountPaise: RF, via: 'bank' }] } : {})));
  }
  young = await makeGroup(h, h.admin, { members: 5, formedOn: '2026-08-01', code: 'YNG' });
  other = await makeGroup(h, h.admin, { members: 3, formedOn: '2026-03-02', code: 'OTH' });
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'checker', name: 'Checker', password: 'checker-pass', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  checker = await h.as('checker', 'checker-pass');
  const branchOfG = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', g.villageId).executeTakeFirstOrThrow()).parent_id!;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-g', name: 'Staff G', password: 'staff-g-pass', roles: [{ nodeId: branchOfG, role: 'staff' }] }));
  staff = await h.as('staff-g', 'staff-g-pass');
  const gradingId = randomUUID();
  const graded = await ok(h.admin.command('grade-shg', { id: gradingId, shgId: g.shgId, asOf: '2026-09-07', stage: 'other' }));
  expect(graded.result.grade).not.toBe('C');
  await ok(checker.command('sign-off-grading', { gradingId }));
});
afterAll(async () => h.close());

describe('applications and eligibility', () => {
  it('an eligible application stores every check, the dose and its limit from the corpus, and the rule set version', async () => {
    apps.main = randomUUID();
    const r = await ok(submit(staff, apps.main, g.shgId, '2026-09-08', LAKH));
    // Corpus: Rs 300 savings (6 meetings x 5 x Rs 10) + Rs 30,000 RF; 1st dose: 6 x corpus = Rs 1,81,800.
    expect(r.result).toMatchObject({ eligible: true, dose: 1, doseLimitPaise: 6 * (RF + 300_00), reasons: [], ruleSet: { version: 1 } });
    const { application } = await ok(staff.get(`/api/bank-linkage/applications/${apps.main}`));
    expect(application).toMatchObject({ status: 'submitted', eligible: true, dose: 1, corpusPaise: RF + 300_00, ruleSetVersion: 1, submittedBy: 'Staff G', bankName: 'State Bank of India', branchName: 'Baruipur' });
    expect(application.eligibility.checks.map((c: any) => [c.rule, c.met])).toEqual([
      ['bankLinkage.eligibility.minAgeMonths', true],
      ['bankLinkage.eligibility.minPanchasutraScore', true],
      ['grading.bankCreditMinScore', true],
      ['bankLinkage.eligibility.noOverdueToBank', true],
      ['bankLinkage.doses.0.corpusMultiple', true],
    ]);
    expect(application.eligibility.dose.explanation).toBe('1st dose: 6 x corpus Rs 30,300.00 = Rs 1,81,800.00');
  });

  it('an ineligible application is recorded and shows why, each reason naming its rule', async () => {
    apps.young = randomUUID();
    const r = await ok(submit(h.admin, apps.young, young.shgId, '2026-09-08', 2 * LAKH));
    expect(r.result.eligible).toBe(false);
    expect(r.result.reasons.map((x: any) => [x.rule, x.message])).toEqual([
      ['bankLinkage.eligibility.minAgeMonths', 'the group is 1 month old (formed on 2026-08-01); at least 6 months needed'],
      ['bankLinkage.eligibility.gradingValidMonths', 'no signed-off grading in the last 12 months'],
      ['bankLinkage.doses.0.minPaise', "Rs 2,00,000.00 requested is more than the limit of Rs 1,50,000.00 (1st dose: 6 x corpus Rs 0.00 = Rs 0.00, raised to the dose's minimum of Rs 1,50,000.00)"],
    ]);
    const preview = await ok(h.admin.get(`/api/bank-linkage/eligibility?shgId=${young.shgId}&date=2026-09-08&amountPaise=100`));
    expect(preview.eligibility.reasons.map((x: any) => x.rule)).toEqual(['bankLinkage.eligibility.minAgeMonths', 'bankLinkage.eligibility.gradingValidMonths']);
  });

  it('refuses bad input naming the field', async () => {
    const before = await submit(h.admin, randomUUID(), young.shgId, '2026-07-01', LAKH);
    expect([before.status, before.body.error.code, before.body.error.field]).toEqual([422, 'DATE_BEFORE_FORMATION', 'date']);
    const empty = await h.admin.command('submit-loan-application', { id: randomUUID(), shgId: g.shgId, bankName: ' ', product: 'term-loan', amountRequestedPaise: 0, date: '2026-09-08' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.problems.map((p: any) => p.field).sort()).toEqual(['amountRequestedPaise', 'bankName']);
  });
});

describe('the bank’s decision and the disbursal', () => {
  it('a sanction above the dose limit is refused unless a reason is given', async () => {
    const over = await staff.command('record-bank-decision', { applicationId: apps.main, decision: 'sanctioned', date: '2026-09-09', sanctionedPaise: 2 * LAKH, annualRatePercent: '12', termMonths: 12 });
    expect([over.status, over.body.error.code, over.body.error.field, over.body.error.params?.doseLimitPaise ?? over.body.error.problems?.[0]?.params?.doseLimitPaise]).toEqual([422, 'CREDIT_LIMIT_EXCEEDED', 'sanctionedPaise', 6 * (RF + 300_00)]);
    await ok(staff.command('record-bank-decision', { applicationId: apps.main, decision: 'sanctioned', date: '2026-09-09', sanctionedPaise: LAKH, annualRatePercent: '12', termMonths: 12 }));
    const again = await staff.command('record-bank-decision', { applicationId: apps.main, decision: 'rejected', date: '2026-09-10', reason: 'changed its mind' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);

    apps.override = randomUUID();
    await ok(submit(h.admin, apps.override, young.shgId, '2026-10-05', 2 * LAKH, 'cash-credit'));
    const r = await ok(h.admin.command('record-bank-decision', { applicationId: apps.override, decision: 'sanctioned', date: '2026-10-20', sanctionedPaise: 2 * LAKH, annualRatePercent: '10.5', termMonths: 36, overrideReason: 'bank assessed the Micro Credit Plan' }));
    expect(r.result).toMatchObject({ status: 'sanctioned', overLimit: true });
    expect((await ok(h.admin.get(`/api/bank-linkage/applications/${apps.override}`))).application).toMatchObject({ status: 'sanctioned', sanctionedPaise: 2 * LAKH, sanctionedRatePercent: '10.5', sanctionedTermMonths: 36, overrideReason: 'bank assessed the Micro Credit Plan', decidedBy: 'Admin' });

    apps.rejected = randomUUID();
    await ok(submit(h.admin, apps.rejected, young.shgId, '2026-08-15', LAKH));
    await ok(h.admin.command('record-bank-decision', { applicationId: apps.rejected, decision: 'rejected', date: '2026-08-30', reason: 'group too young' }));
    apps.late = randomUUID();
    await ok(submit(h.admin, apps.late, young.shgId, '2026-08-15', LAKH));
    apps.recent = randomUUID();
    await ok(submit(h.admin, apps.recent, young.shgId, '2026-10-20', LAKH));
  });

  it('the loan is received against the sanction and the application becomes disbursed', async () => {
    loanId = randomUUID();
    const base = { loanId, shgId: g.shgId, date: '2026-09-10', lender: 'bank', lenderName: 'SBI Baruipur', reference: 'SHG-TL-1', annualRatePercent: '12', kind: 'term-loan', repayments: 12, applicationId: apps.main };
    const tooMuch = await staff.command('receive-external-loan', { ...base, amountPaise: LAKH + 1 });
    expect([tooMuch.status, tooMuch.body.error.code, tooMuch.body.error.field]).toEqual([422, 'CREDIT_LIMIT_EXCEEDED', 'amountPaise']);
    const notSanctioned = await h.admin.command('receive-external-loan', { ...base, shgId: young.shgId, applicationId: apps.rejected, amountPaise: LAKH });
    expect([notSanctioned.status, notSanctioned.body.error.field]).toEqual([409, 'applicationId']);
    const r = await ok(staff.command('receive-external-loan', { ...base, amountPaise: LAKH }));
    schedule = r.result.schedule;
    expect(schedule[0]).toMatchObject({ n: 1, dueOn: '2026-10-10' });
    const { application, loan } = await ok(staff.get(`/api/bank-linkage/applications/${apps.main}`));
    expect(application).toMatchObject({ status: 'disbursed', loanId, disbursedOn: '2026-09-10' });
    expect(loan).toMatchObject({ id: loanId, outstandingPaise: LAKH, reference: 'SHG-TL-1' });
    // The instalment of October is paid on its due date.
    const first = schedule[0]!;
    await ok(staff.command('record-meeting', regularMeeting(g, '2026-10-10', { externalLoanRepayments: [{ externalLoanId: loanId, principalPaise: first.principalPaise, interestPaise: first.interestPaise, via: 'bank' }] })));
  });
});

describe('subvention claims', () => {
  it('September: Rs 1 lakh at 12% for 21 days, to the paisa; a prompt payee', async () => {
    const { claims } = await ok(h.admin.get(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-09-01&to=2026-09-30`));
    expect(claims.rows).toHaveLength(1);
    // 1,00,000 x 12% x 21/365 = 690.41096; above 7%: 5% -> 287.67123; prompt: 8% -> 460.27397
    expect(claims.rows[0]).toMatchObject({
      bank: 'State Bank of India',
      branch: 'Baruipur',
      shgName: 'SHG BNK',
      reference: 'SHG-TL-1',
      days: 21,
      outstandingPaise: LAKH,
      interestChargedPaise: 69041,
      interestAtSubventedRatePaise: 40274,
      subventionPaise: 28767,
      promptPayee: true,
      promptExtraPaise: 17260,
      claimablePaise: 46027,
      creditedPaise: 0,
    });
    expect(claims.banks).toEqual([expect.objectContaining({ bank: 'State Bank of India', loans: 1, promptPayees: 1, claimablePaise: 46027 })]);
  });

  it('October: the balance falls on the day the instalment is paid', async () => {
    const { claims } = await ok(h.admin.get(`/api/bank-linkage/claims?nodeId=${g.villageId}&from=2026-10-01&to=2026-10-31`));
    const after = LAKH - schedule[0]!.principalPaise;
    const lakhDays = 9 * LAKH + 22 * after; // 1–9 Oct on Rs 1 lakh, 10–31 Oct on the rest
    const half = (n: number, d: number) => {
      const q = Math.floor(n / d);
      const r = n - q * d;
      return 2 * r > d || (2 * r === d && q % 2 === 1) ? q + 1 : q;
    };
    expect(claims.rows[0]).toMatchObject({ outstandingPaise: after, interestChargedPaise: half(lakhDays * 12, 36500), subventionPaise: half(lakhDays * 5, 36500), claimablePaise: half(lakhDays * 8, 36500), promptPayee: true });
  });

  it('a later rule set with fewer grace days makes November late: no extra 3%', async () => {
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-11-01', body: { grading: { windowMonths: 1, booksMaxDelayDays: 1000 }, bankLinkage: { eligibility: { minPanchasutraScore: 0 }, promptPayee: { graceDays: 5 } } } }));
    const { claims } = await ok(h.admin.get(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-11-01&to=2026-11-20&asOf=2026-11-20`));
    const row = claims.rows[0];
    expect(row.promptPayee).toBe(false);
    expect(row.promptExplanation).toBe('instalment 2 due on 2026-11-10 is unpaid, 10 days after its due date (allowed 5)');
    expect([row.promptExtraPaise, row.claimablePaise]).toEqual([0, row.subventionPaise]);
    // September is judged under September's rules: still prompt.
    expect((await ok(h.admin.get(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-09-01&to=2026-09-30`))).claims.rows[0].promptPayee).toBe(true);
  });

  it('the bank’s credit is posted in the books (bank Dr, subvention income Cr) once per period; the books balance', async () => {
    const credit = { id: randomUUID(), loanId, periodFrom: '2026-09-01', periodTo: '2026-09-30', date: '2026-10-15', amountPaise: 46027 };
    const tooMuch = await staff.command('record-subvention-credit', { ...credit, id: randomUUID(), amountPaise: 69042 });
    expect([tooMuch.status, tooMuch.body.error.field]).toEqual([400, 'amountPaise']);
    const r = await ok(staff.command('record-subvention-credit', credit));
    expect(r.result).toMatchObject({ computedPaise: 46027, promptPayee: true });
    const twice = await staff.command('record-subvention-credit', { ...credit, id: randomUUID(), periodFrom: '2026-09-15', periodTo: '2026-10-10', amountPaise: 100 });
    expect([twice.status, twice.body.error.field]).toEqual([409, 'periodFrom']);

    const lines = await h.t.db
      .selectFrom('journal_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select(['a.path', 'l.amount_paise', 'l.loan_id'])
      .where('l.entry_id', '=', r.result.entryId)
      .orderBy('l.line_no')
      .execute();
    expect(lines).toEqual([
      { path: 'assets:bank', amount_paise: 46027, loan_id: null },
      { path: 'income:interest-subvention', amount_paise: -46027, loan_id: loanId },
    ]);
    const { report } = await ok(h.admin.get(`/api/shgs/${g.shgId}/reports/trial-balance?asOf=2026-11-20`));
    expect(report.totals.debit).toBe(report.totals.credit);
    expect(report.rows.find((x: any) => x.account === 'income:interest-subvention')).toMatchObject({ credit: 46027 });
    const { claims } = await ok(h.admin.get(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-09-01&to=2026-09-30`));
    expect(claims.rows[0].creditedPaise).toBe(46027);
  });

  it('the claims report downloads as CSV and XLSX', async () => {
    const csv = await rawGet(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-09-01&to=2026-09-30&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Bank,Branch,SHG code,SHG,Loan account,Product/);
    expect(lines[1]).toContain('State Bank of India,Baruipur,BNK,SHG BNK,SHG-TL-1,term-loan,2026-09-10,100000.00,12,21,100000.00,690.41,402.74,287.67,yes,172.60,460.27,460.27');
    const xlsx = await rawGet(`/api/bank-linkage/claims?nodeId=${h.rootNodeId}&from=2026-09-01&to=2026-09-30&format=xlsx`);
    expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });
});

describe('eligibility after the first dose', () => {
  it('the second application is the 2nd dose and names the overdue instalment', async () => {
    const r = await ok(submit(h.admin, randomUUID(), g.shgId, '2026-11-20', LAKH));
    expect(r.result.dose).toBe(2);
    const overdue = r.result.reasons.find((x: any) => x.rule === 'bankLinkage.eligibility.noOverdueToBank');
    expect(overdue.message).toBe(`Rs ${(schedule[1]!.totalPaise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })} overdue to the bank on 1 loan since 2026-11-10`);
  });
});

describe('pendency', () => {
  it('counts waiting applications by days since submission; decisions after the date still count as waiting', async () => {
    const { pendency } = await ok(h.admin.get(`/api/bank-linkage/pendency?nodeId=${h.rootNodeId}&asOf=2026-10-31`));
    // young: 15 Aug (77 days, undecided), 8 Sep (53), 5 Oct (sanctioned, 26), 20 Oct (11); main is disbursed; one is rejected.
    expect(pendency.buckets).toEqual([
      { bucket: '0-15', submitted: 1, sanctioned: 0, count: 1, amountPaise: LAKH },
      { bucket: '16-30', submitted: 0, sanctioned: 1, count: 1, amountPaise: 2 * LAKH },
      { bucket: '31-60', submitted: 1, sanctioned: 0, count: 1, amountPaise: 2 * LAKH },
      { bucket: 'over-60', submitted: 1, sanctioned: 0, count: 1, amountPaise: LAKH },
    ]);
    expect(pendency.rows.map((r: any) => [r.id, r.ageDays, r.status])).toEqual([
      [apps.late, 77, 'submitted'],
      [apps.young, 53, 'submitted'],
      [apps.override, 26, 'sanctioned'],
      [apps.recent, 11, 'submitted'],
    ]);
    const earlier = (await ok(h.admin.get(`/api/bank-linkage/pendency?nodeId=${g.shgId}&asOf=2026-09-09`))).pendency;
    expect(earlier.rows.map((r: any) => [r.id, r.status, r.bucket])).toEqual([[apps.main, 'sanctioned', '0-15']]);
    const csv = await rawGet(`/api/bank-linkage/pendency?nodeId=${h.rootNodeId}&asOf=2026-10-31&format=csv`);
    expect(csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(5);
  });

  it('lists applications of a node, filtered by status', async () => {
    const { applications } = await ok(h.admin.get(`/api/bank-linkage/applications?nodeId=${young.villageId}&status=submitted`));
    expect(applications.map((a: any) => a.id).sort()).toEqual([apps.late, apps.recent, apps.young].sort());
    expect(applications.find((a: any) => a.id === apps.young)).toMatchObject({ eligible: false, reasonCount: 3, shgCode: 'YNG' });
    const xlsx = await rawGet(`/api/bank-linkage/applications?nodeId=${h.rootNodeId}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
  });
});

describe('scope', () => {
  it('another branch’s user gets 404 for applications, reports and commands out of reach', async () => {
    const theirs = randomUUID();
    await ok(submit(h.admin, theirs, other.shgId, '2026-09-08', LAKH));
    for (const url of [
      `/api/bank-linkage/applications/${theirs}`,
      `/api/bank-linkage/applications?nodeId=${other.villageId}`,
      `/api/bank-linkage/pendency?nodeId=${h.rootNodeId}`,
      `/api/bank-linkage/claims?nodeId=${other.shgId}`,
      `/api/bank-linkage/eligibility?shgId=${other.shgId}`,
    ]) {
      expect((await staff.get(url)).status, url).toBe(404);
    }
    expect((await submit(staff, randomUUID(), other.shgId, '2026-09-08', LAKH)).status).toBe(404);
    expect((await staff.command('record-bank-decision', { applicationId: theirs, decision: 'rejected', date: '2026-09-10', reason: 'x' })).status).toBe(404);
    // Within reach, their own branch's node lists only their own applications.
    const mine = await ok(staff.get(`/api/bank-linkage/applications?nodeId=${g.villageId}`));
    expect(mine.applications.every((a: any) => a.shgId === g.shgId)).toBe(true);
  });

  it('an application only moves forward, in the database too', async () => {
    await expect(h.t.pool.query(`update bank_loan_application set status = 'submitted' where id = $1`, [apps.main])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(h.t.pool.query(`update bank_loan_application set amount_requested_paise = 1 where id = $1`, [apps.young])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(h.t.pool.query(`delete from bank_loan_application where id = $1`, [apps.young])).rejects.toThrow(/KHATA_IMMUTABLE/);
  });
});
