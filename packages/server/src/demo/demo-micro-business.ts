import type { DemoExtension } from './demo-extensions.ts';
import { demoId } from './generate-demo.ts';

export const DEMO_CASE_WORKER = { username: 'caseworker', password: 'khata-caseworker' } as const;

const figures = {
  investment: [
    { item: 'Sewing machine (foot pedal)', amountMinor: 1_850_000 },
    { item: 'First cloth and thread', amountMinor: 650_000 },
    { item: 'Scissors, tape, iron', amountMinor: 250_000 },
  ],
  funding: [
    { source: 'grant', amountMinor: 2_000_000 },
    { source: 'own-savings', amountMinor: 500_000 },
  ],
  fixedCosts: [
    { item: 'Share of a room at the bazaar', monthlyMinor: 150_000 },
    { item: 'Mobile phone', monthlyMinor: 30_000 },
  ],
  runningCosts: [
    { item: 'Cloth', perUnitMinor: 22_000 },
    { item: 'Thread, buttons, lining', perUnitMinor: 4_000 },
  ],
  unitName: 'blouse',
  priceMinor: 45_000,
  expectedUnits: [6, 8, 10, 12, 12, 14, 18, 18, 14, 12, 12, 14],
  loanRepaymentMonthlyMinor: 0,
};

/**
 * The micro-business programme: a fictional partner organisation in Nepal (NPR) running Kaarya, its case worker
 * (login `caseworker`), and one fictional participant's case — a tailoring business with its plan, risks, support,
 * the three workshops, two coaching visits and three months of results. Only the case worker can open the case:
 * the administrator and the managers see the programme's counts, as "<11".
 */
export const demoMicroBusiness: DemoExtension = {
  label: 'micro-business programme',
  run: async ({ cmd, rootId, seed, commandsOf }) => {
    const id = (key: string) => demoId(seed, `micro-business:${key}`);
    const partnerId = id('partner');
    await cmd.run('register-programme-partner', 'mb:partner', { id: partnerId, nodeId: rootId, name: 'Naya Bato Sahayog Kendra (Nepal)', code: 'NBSK', country: 'NP' });
    await cmd.run('create-programme-user', 'mb:caseworker', {
      id: demoId(seed, `user:${DEMO_CASE_WORKER.username}`),
      roleId: id('role:caseworker'),
      partnerId,
      username: DEMO_CASE_WORKER.username,
      name: 'Sarita Shrestha',
      password: DEMO_CASE_WORKER.password,
      language: 'en',
      role: 'case-worker',
      from: '2026-04-01',
    });
    const worker = await commandsOf(DEMO_CASE_WORKER.username);
    const caseId = id('case:1');
    await worker.run(
      'open-case',
      'mb:case:1',
      {
        caseId,
        assignmentId: id('assignment:1'),
        partnerId,
        openedOn: '2026-05-04',
        businessKind: 'tailoring',
        participant: {
          name: 'Kamala Tamang (fictional)',
          phone: '+977 9800000000',
          address: 'Ward 3, a hill village (fictional)',
          identityNumbers: [{ kind: 'citizenship certificate', number: '00-00-00-00000' }],
          story: 'A fictional story for the demo: returned home in 2025 and wants to sew for the weekly haat.',
        },
      },
      '2026-05-04',
    );
    const workshops = [
      ['1', 'Workshop 1: who I am, what I want (6 days)', '2026-05-11'],
      ['2', 'Workshop 2: planning my business (6 days)', '2026-06-08'],
      ['3', 'Workshop 3: running it safely (6 days)', '2026-08-03'],
    ] as const;
    for (const [n, title, startsOn] of workshops) {
      await worker.run('record-workshop-attendance', `mb:workshop:${n}`, { attendanceId: id(`workshop:${n}`), caseId, title, startsOn, days: 6, daysAttended: n === '3' ? 5 : 6 }, startsOn);
    }
    await worker.run('change-case-status', 'mb:status:planning', { caseId, status: 'planning', date: '2026-06-08' }, '2026-06-08');
    await worker.run('draw-up-business-plan', 'mb:plan:1', { planId: id('plan:1'), caseId, drawnUpOn: '2026-06-12', startsIn: '2026-07', business: 'Blouses and kurtas sewn to order and sold at the weekly haat', figures }, '2026-06-12');
    await worker.run('record-business-risk', 'mb:risk:1', { riskId: id('risk:1'), caseId, risk: 'Gossip and harassment at the haat', likelihood: 'medium', mitigation: 'Shares a stall with two SHG members; the ward member knows the programme', recordedOn: '2026-06-12' }, '2026-06-12');
    await worker.run('record-business-risk', 'mb:risk:2', { riskId: id('risk:2'), caseId, risk: 'Few orders in the monsoon months', likelihood: 'high', mitigation: 'Takes school uniform orders in August; keeps a month of costs aside', recordedOn: '2026-06-12' }, '2026-06-12');
    await worker.run('record-social-support', 'mb:support:1', { supportId: id('support:1'), caseId, kind: 'family', stakeholder: 'Mother', support: 'Looks after the house on haat days', since: '2026-06-01' }, '2026-06-12');
    await worker.run('record-social-support', 'mb:support:2', { supportId: id('support:2'), caseId, kind: 'shg', stakeholder: 'SHG of her ward', support: 'Shares a stall; first customers', since: '2026-06-15' }, '2026-06-15');
    await worker.run('change-case-status', 'mb:status:running', { caseId, status: 'running', date: '2026-07-01' }, '2026-07-01');
    const results = [
      ['2026-07', 5, 225_000, 320_000],
      ['2026-08', 9, 405_000, 414_000],
      ['2026-09', 11, 495_000, 466_000],
    ] as const;
    for (const [month, unitsSold, salesMinor, costsMinor] of results) {
      await worker.run('record-business-result', `mb:result:${month}`, { caseId, month, unitsSold, salesMinor, costsMinor }, `${month}-28`);
    }
    await worker.run(
      'record-coaching-visit',
      'mb:visit:1',
      { visitId: id('visit:1'), caseId, visitedOn: '2026-08-20', notes: 'Sales below plan in July (rain). Confident with the machine; pricing by the piece.', nextSteps: 'Ask the ward school about uniforms; keep the sales notebook daily', nextVisitOn: '2026-09-25' },
      '2026-08-20',
    );
    await worker.run(
      'record-coaching-visit',
      'mb:visit:2',
      { visitId: id('visit:2'), caseId, visitedOn: '2026-09-25', notes: 'Uniform orders came in; first month with a profit. Wants a second-hand overlock machine.', nextSteps: 'Work out the overlock machine as a revised plan; visit the supplier together', nextVisitOn: '2026-10-30' },
      '2026-09-25',
    );
  },
};
