import { addDays } from '@khata/core';
import { monthBounds } from '@khata/core/cadres';
import { accountBalances } from '../ledger/post-entry.ts';
import { fedRead } from '../use-cases/federation-books.ts';
import type { DemoContext, DemoExtension } from './demo-extensions.ts';
import { demoId, hasCommand } from './generate-demo.ts';

/*
 * Community professionals and training in the first branch, through the real commands, dated on or before the
 * demo's last day:
 * - Mitali Naskar, the bookkeeper of the first VO's SHGs (and of the VO itself), paid by that VO: Rs 1,500 a month
 *   and Rs 100 for each SHG she keeps; a certification; her August–October honorarium accrued in the VO's books,
 *   August and September paid from its bank; a review by the VO for the quarter (books up to date, from the records);
 * - a community resource person, a member of one of the second VO's SHGs, serving that VO and paid by it (Rs 2,000 a
 *   month), accrued and paid likewise;
 * - the VOs have money: each gets its start-up fund from the organisation (requested, approved by the accounts
 *   officer) when its bank would not cover the honorarium;
 * - training modules "VO concepts" (3 days) and "Bookkeeping" (6 days); a 3-day VO-concepts workshop at the block
 *   with attendance per day (one woman misses a day and does not complete it), completed: its completions are
 *   what the VO formation trigger reads; an exposure visit to a model CLF for the cadres and the EC presidents.
 */

const RS = 100;

export const demoCadres: DemoExtension = {
  label: 'cadres and training',
  async run({ db, cmd, plan, seed, rootId, commandsOf }: DemoContext) {
    if (!hasCommand('register-cadre') || !hasCommand('schedule-training-event')) return;
    const id = (key: string) => demoId(seed, `cadres:${key}`);
    const branch = plan.states[0];
    if (!branch) return;
    const vos = [demoId(seed, 'federation:vo:0'), demoId(seed, 'federation:vo:1')];
    const present = await db.selectFrom('node').select(['id', 'parent_id']).where('id', 'in', vos).execute();
    if (present.length < 2) return;
    const villageOf = new Map(present.map((n) => [n.id, n.parent_id!]));
    const shgsOf = async (voId: string) =>
      (await fedRead(db).selectFrom('federation_membership as m').innerJoin('node as n', 'n.id', 'm.member_node_id').select('n.id').where('m.federation_id', '=', voId).where('n.kind', '=', 'shg').where('m.until', 'is', null).orderBy('n.code').execute()).map(
        (r) => r.id,
      );
    const [shgs0, shgs1] = [await shgsOf(vos[0]!), await shgsOf(vos[1]!)];
    if (shgs0.length === 0 || shgs1.length === 0) return;

    const end = plan.end;
    // The three months ending with the demo's last complete month (e.g. August, September, October): honorarium
    // is accrued only for months that are over, and every event lies before the demo's end.
    const lastMonth = (addDays(end, 1).slice(0, 7) > end.slice(0, 7) ? end : addDays(`${end.slice(0, 7)}-01`, -1)).slice(0, 7);
    const monthKeys = [-2, -1, 0].map((k) => {
      const [y, m] = lastMonth.split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(y, m - 1 + k, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    const firstDay = monthBounds(monthKeys[0]!).first;
    const joinedOn = addDays(firstDay, -31);

    // The bookkeeper of the first VO's SHGs, paid by the VO.
    const bookkeeper = id('bookkeeper');
    await cmd.run('register-cadre', 'cadres:bookkeeper', {
      id: bookkeeper,
      nodeId: villageOf.get(vos[0]!)!,
      cadreType: 'bookkeeper',
      name: 'Mitali Naskar',
      phone: '98310 40217',
      joinedOn,
      assignments: [vos[0]!, ...shgs0].map((institutionId) => ({ id: id(`assignment:bookkeeper:${institutionId}`), institutionId, payerId: vos[0], from: firstDay })),
    }, joinedOn);
    await cmd.run('record-cadre-certification', 'cadres:bookkeeper:cert', { id: id('cert:bookkeeper'), cadreId: bookkeeper, name: 'Certified community bookkeeper', issuedBy: 'West Bengal State Rural Livelihoods Mission', issuedOn: addDays(joinedOn, 10) }, joinedOn);
    await cmd.run('set-honorarium-rule', 'cadres:rule:vo0', { id: id('rule:vo0:bookkeeper'), payerId: vos[0], cadreType: 'bookkeeper', effectiveFrom: firstDay, fixedMonthlyPaise: 1500 * RS, perGroupPaise: 100 * RS }, firstDay);

    // A community resource person: a member of one of the second VO's SHGs (not its EC representative).
    const crpMember = await db.selectFrom('member').select('id').where('shg_id', '=', shgs1[0]!).where('status', '=', 'active').orderBy('membership_number').offset(1).executeTakeFirst();
    const crp = id('crp');
    await cmd.run('register-cadre', 'cadres:crp', {
      id: crp,
      nodeId: villageOf.get(vos[1]!)!,
      cadreType: 'crp',
      ...(crpMember ? { memberId: crpMember.id } : { name: 'Rina Halder' }),
      joinedOn,
      assignments: [{ id: id('assignment:crp:vo1'), institutionId: vos[1], payerId: vos[1], from: firstDay }],
    }, joinedOn);
    await cmd.run('set-honorarium-rule', 'cadres:rule:vo1', { id: id('rule:vo1:crp'), payerId: vos[1], cadreType: 'crp', effectiveFrom: firstDay, fixedMonthlyPaise: 2000 * RS }, firstDay);

    // The VOs' money: a start-up fund where the bank would not cover three months of honorarium.
    const accounts = await commandsOf('accounts');
    const fundedOn = firstDay;
    for (const [i, vo] of vos.entries()) {
      const entity = await db.selectFrom('entity').select('id').where('node_id', '=', vo).executeTakeFirstOrThrow();
      const bank = (await accountBalances(db, entity.id)).get('assets:bank') ?? 0;
      if (bank >= 10_000 * RS) continue;
      const approvalId = id(`approval:start-up:${i}`);
      if (!hasCommand('request-fund-release')) {
        await cmd.run('release-fund', `cadres:start-up:${i}`, { transferId: id(`transfer:start-up:${i}`), fund: 'start-up', giverId: rootId, receiverId: vo, date: fundedOn, amountPaise: 25_000 * RS, reference: `Start-up fund VO ${i + 1}` }, fundedOn);
        continue;
      }
      await cmd.run('request-fund-release', `cadres:start-up:${i}`, { approvalId, transferId: id(`transfer:start-up:${i}`), fund: 'start-up', giverId: rootId, receiverId: vo, date: fundedOn, amountPaise: 25_000 * RS, reference: `Start-up fund VO ${i + 1}`, note: 'start-up fund: office, books and the bookkeeper’s first months' }, fundedOn);
      await accounts.run('decide-approval', `cadres:start-up:${i}`, { approvalId, decision: 'approve', note: 'VO resolution and bank account checked' }, fundedOn);
    }

    // Honorarium: each month accrued on its last day; paid early in the next month (the last month stays owed).
    for (const [who, payer] of [[bookkeeper, vos[0]!], [crp, vos[1]!]] as const) {
      for (const [k, month] of monthKeys.entries()) {
        const { last } = monthBounds(month);
        if (last > end) continue;
        await cmd.run('accrue-honorarium', `cadres:accrue:${who}:${month}`, { id: id(`accrual:${who}:${month}`), cadreId: who, payerId: payer, month }, last);
        const paidOn = addDays(last, 5);
        if (k < monthKeys.length - 1 && paidOn <= end) {
          await cmd.run('pay-honorarium', `cadres:pay:${who}:${month}`, { id: id(`payment:${who}:${month}`), cadreId: who, payerId: payer, date: paidOn, paidFrom: 'bank', reference: `VO voucher ${month}` }, paidOn);
        }
      }
    }

    // The first VO reviews its bookkeeper for the quarter.
    await cmd.run('review-cadre', 'cadres:review:bookkeeper', {
      id: id('review:bookkeeper'),
      cadreId: bookkeeper,
      reviewerId: vos[0],
      from: firstDay,
      to: end,
      rating: 4,
      notes: 'Books of all SHGs written at the meetings; attend the bookkeeping refresher.',
    }, end);

    // Training: modules, a 3-day workshop on VO concepts, an exposure visit.
    const voConcepts = id('module:vo-concepts');
    await cmd.run('define-training-module', 'cadres:module:vo-concepts', { id: voConcepts, nodeId: rootId, code: 'vo-concepts', name: 'VO concepts', requiredDays: 3, description: 'Why and how SHGs federate: the VO, its EC and sub-committees, its funds and books.' });
    await cmd.run('define-training-module', 'cadres:module:bookkeeping', { id: id('module:bookkeeping'), nodeId: rootId, code: 'bookkeeping', name: 'Bookkeeping', requiredDays: 6, description: 'SHG and VO books: cash book, ledgers, meeting register, monthly reports.' });
    const trainees: string[] = [];
    for (const shg of [...shgs0, ...shgs1].slice(0, 4)) {
      const ms = await db.selectFrom('member').select('id').where('shg_id', '=', shg).where('status', '=', 'active').orderBy('membership_number').limit(2).execute();
      trainees.push(...ms.map((m) => m.id).filter((m) => m !== crpMember?.id));
    }
    const workshop = id('event:workshop');
    const start = addDays(monthBounds(monthKeys[1]!).first, 14);
    const days = [start, addDays(start, 1), addDays(start, 2)];
    const participants = [
      ...trainees.map((memberId) => ({ id: id(`participant:workshop:${memberId}`), kind: 'member', memberId })),
      { id: id('participant:workshop:crp'), kind: 'cadre', cadreId: crp },
      { id: id('participant:workshop:staff'), kind: 'staff', name: 'Community coordinator, Baruipur' },
    ];
    await cmd.run('schedule-training-event', 'cadres:workshop', {
      id: workshop,
      nodeId: branch.blockId,
      kind: 'workshop',
      moduleId: voConcepts,
      title: 'VO concepts: three-day workshop',
      place: 'Block resource centre',
      startDate: days[0],
      endDate: days[2],
      trainers: ['Master trainer, Cluster Level Federation', 'Community resource person'],
      participants,
    }, days[0]);
    for (const [d, day] of days.entries()) {
      // One woman misses the second day: she does not complete the module.
      const presentIds = participants.filter((p, i) => !(d === 1 && i === 1)).map((p) => p.id);
      await cmd.run('record-training-attendance', `cadres:workshop:day:${d}`, { eventId: workshop, day, present: presentIds }, day);
    }
    await cmd.run('complete-training-event', 'cadres:workshop:complete', { eventId: workshop }, days[2]);

    const visit = id('event:exposure');
    const visitDay = addDays(monthBounds(monthKeys[2]!).first, 7);
    const visitors = [
      { id: id('participant:visit:bookkeeper'), kind: 'cadre', cadreId: bookkeeper },
      { id: id('participant:visit:crp'), kind: 'cadre', cadreId: crp },
      ...trainees.slice(0, 2).map((memberId) => ({ id: id(`participant:visit:${memberId}`), kind: 'member', memberId })),
    ];
    await cmd.run('schedule-training-event', 'cadres:visit', {
      id: visit,
      nodeId: branch.blockId,
      kind: 'exposure-visit',
      title: 'Exposure visit to a model CLF',
      place: 'Model Cluster Level Federation, Bankura',
      startDate: visitDay,
      endDate: visitDay,
      trainers: ['CLF office bearers'],
      participants: visitors,
    }, visitDay);
    await cmd.run('record-training-attendance', 'cadres:visit:day', { eventId: visit, day: visitDay, present: visitors.map((v) => v.id) }, visitDay);
    await cmd.run('complete-training-event', 'cadres:visit:complete', { eventId: visit }, visitDay);
  },
};
