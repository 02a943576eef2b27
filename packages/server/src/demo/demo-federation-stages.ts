import { addDays, dayOfWeek, type IsoDate } from '@khata/core';
import { ruleSetBodySchema, ruleSetInForce } from '@khata/core/rules';
import { loadRuleSets } from '../queries/shg-records.ts';
import { COMMUNITIES } from './demo-people.ts';
import type { DemoContext, DemoExtension } from './demo-extensions.ts';
import { demoId, hasCommand } from './generate-demo.ts';

/*
 * Groups at different stages of readiness, in the first branch, all through the real commands and dated on or
 * before the demo's last day:
 * - the organisation's own rule set version (from ten days before the end): a VO may form from 3 functional SHGs
 *   (its villages are small hamlets; a smaller demo too); everything else as before;
 * - Kalikapur: four SHGs formed about 15 weeks before the end; three meet every week, every member present and
 *   saving, are trained on VO concepts and lend to their members: the village meets the VO trigger. The fourth
 *   meets now and then and saves little;
 * - Dakshin Gobindapur: two such SHGs, both qualifying: the village falls short by exactly one named rule
 *   (voFormation.minShgs: 2 of 3 functional SHGs);
 * - Kalikapur's SHGs graded before the Revolving Fund, signed off by the branch manager: the three regular groups
 *   grade B (their books are entered after the fact, so the books-timeliness indicator is 0 and the best score is
 *   85, while A needs more than 85), the irregular group C;
 * - the Revolving Fund (Rs 15,000) to each eligible SHG: requested by the administrator, approved by the accounts
 *   officer (maker–checker), posted in both books with the rule set version that allowed it;
 * - one Kalikapur SHG had joined the Madarat VO (share capital and fee) and leaves it on the demo's last day, its
 *   share capital paid back in both books, the membership end-dated.
 */

const RS = 100;
const MEMBERS = 10;
const SAVING = 50 * RS;

interface StageShg {
  key: string;
  name: string;
  regular: boolean;
  trained: boolean;
}

const VILLAGES = [
  {
    key: 'kalikapur',
    name: 'Kalikapur',
    code: 'KLKP',
    shgs: [
      { key: 'k1', name: 'Maa Annapurna SHG', regular: true, trained: true },
      { key: 'k2', name: 'Sonar Bangla Mahila Dal', regular: true, trained: true },
      { key: 'k3', name: 'Ekata SHG', regular: true, trained: true },
      { key: 'k4', name: 'Nabadiganta SHG', regular: false, trained: false },
    ] as StageShg[],
  },
  {
    key: 'gobindapur',
    name: 'Dakshin Gobindapur',
    code: 'DGBP',
    shgs: [
      { key: 'g1', name: 'Sreema SHG', regular: true, trained: true },
      { key: 'g2', name: 'Alor Disha Mahila Dal', regular: true, trained: true },
    ] as StageShg[],
  },
];

/** What this chapter adds to the demo's counts: its SHGs and the meetings they hold. */
export const FEDERATION_STAGE_SHGS = VILLAGES.reduce((t, v) => t + v.shgs.length, 0);
export const FEDERATION_STAGE_MEETINGS = VILLAGES.reduce((t, v) => t + v.shgs.reduce((u, g) => u + (g.regular ? 14 : 5), 0), 0);

export const demoFederationStages: DemoExtension = {
  label: 'federation readiness stages',
  async run({ db, cmd, plan, seed, commandsOf }: DemoContext) {
    if (!hasCommand('leave-federation') || !hasCommand('request-fund-release')) return;
    const id = (key: string) => demoId(seed, `federation-stages:${key}`);
    const end = plan.end;
    const branch = plan.states[0];
    if (!branch) return;
    const madarat = demoId(seed, 'federation:vo:1');
    const madaratExists = await db.selectFrom('node').select('id').where('id', '=', madarat).executeTakeFirst();
    const manager = await commandsOf('manager.baruipur');
    const accounts = await commandsOf('accounts');

    // Weekly meetings: the last two days before the end, back 14 weeks; formed a week before the first.
    const lastMeeting = addDays(end, -2);
    const meetings: IsoDate[] = Array.from({ length: 14 }, (_, k) => addDays(lastMeeting, -7 * (13 - k)));
    const formedOn = addDays(meetings[0]!, -7);
    const gradedOn = lastMeeting;

    // The organisation's rules from ten days before the end: a VO from 3 SHGs; the rest as in force then.
    const organisationId = (await db.selectFrom('node').select('organisation_id').where('id', '=', branch.blockId).executeTakeFirstOrThrow()).organisation_id;
    const effectiveFrom = addDays(end, -10);
    const current = ruleSetBodySchema.parse(ruleSetInForce(await loadRuleSets(db, organisationId), effectiveFrom).body);
    const rootId = (await db.selectFrom('node').select('id').where('organisation_id', '=', organisationId).where('kind', '=', 'organisation').executeTakeFirstOrThrow()).id;
    await cmd.run('define-rule-set', 'federation-stages:rules', { id: id('rule-set'), nodeId: rootId, effectiveFrom, body: { ...current, voFormation: { ...current.voFormation, minShgs: 3 } } }, effectiveFrom);

    const names = COMMUNITIES['bengali-sc'];
    const names2 = COMMUNITIES.bengali;
    const eligible: Array<{ shgId: string; key: string }> = [];
    let joiner: { shgId: string; key: string } | null = null;
    for (const [v, village] of VILLAGES.entries()) {
      const villageId = id(`village:${village.key}`);
      await cmd.run('create-node', `federation-stages:village:${village.key}`, { id: villageId, parentId: branch.blockId, kind: 'village', name: village.name, code: `${branch.branch.block.code}-${village.code}` });
      for (const [s, shg] of village.shgs.entries()) {
        const shgId = id(`shg:${shg.key}`);
        await cmd.run(
          'create-shg',
          `federation-stages:shg:${shg.key}`,
          { id: shgId, villageId, name: shg.name, code: `${branch.branch.block.code}-${village.code}-${String(s + 1).padStart(2, '0')}`, formedOn, meetingFrequency: 'weekly', meetingDay: dayOfWeek(meetings[0]!) % 7, compulsorySavingsPaise: SAVING },
          formedOn,
        );
        const memberIds: string[] = [];
        for (let m = 0; m < MEMBERS; m++) {
          const memberId = id(`member:${shg.key}:${m}`);
          const pool = (v + s + m) % 3 === 0 ? names2 : names;
          const name = `${pool.first[(s * 7 + m * 3 + v) % pool.first.length]} ${pool.last[(s + m * 5 + v * 2) % pool.last.length]}`;
          await cmd.run('admit-member', `federation-stages:member:${shg.key}:${m}`, { id: memberId, shgId, name, joinedOn: formedOn }, formedOn);
          memberIds.push(memberId);
        }
        // Its meetings: every week for a regular group (everyone present, everyone saving; loans to three members at
        // the last meeting); about one week in three for the other, with a few members and part of the savings.
        for (const [k, date] of meetings.entries()) {
          const held = shg.regular || k % 3 === 0;
          if (!held) continue;
          const present = shg.regular ? memberIds : memberIds.filter((_, i) => (i + k) % 2 === 0);
          const last = k === meetings.length - 1;
          await cmd.run(
            'record-meeting',
            `federation-stages:meeting:${shg.key}:${k}`,
            {
              meetingId: id(`meeting:${shg.key}:${k}`),
              shgId,
              date,
              attendance: memberIds.map((memberId) => ({ memberId, status: present.includes(memberId) ? 'present' : 'absent' })),
              savings: present.map((memberId, i) => ({ memberId, compulsoryPaise: shg.regular || i % 2 === 0 ? SAVING : SAVING / 2 })),
              disbursements:
                shg.regular && last
                  ? memberIds.slice(0, 3).map((memberId, i) => ({
                      loanId: id(`loan:${shg.key}:${i}`),
                      memberId,
                      principalPaise: 1800 * RS,
                      purpose: ['goats', 'vegetable seeds', 'sewing machine'][i]!,
                      terms: { kind: 'flexible', ratePercentPerMonth: '1', period: 'monthly' },
                    }))
                  : [],
            },
            date,
          );
        }
        if (shg.trained) {
          await cmd.run('record-training', `federation-stages:training:${shg.key}`, { id: id(`training:${shg.key}`), nodeId: shgId, module: 'vo-concepts', completedOn: meetings[6]! }, meetings[6]!);
        }
        // Kalikapur's groups are graded before the Revolving Fund, signed off by the branch manager.
        if (v === 0) {
          await cmd.run('grade-shg', `federation-stages:grading:${shg.key}`, { id: id(`grading:${shg.key}`), shgId, asOf: gradedOn, stage: 'before-rf' }, gradedOn);
          await manager.run('sign-off-grading', `federation-stages:grading:${shg.key}`, { gradingId: id(`grading:${shg.key}`), note: 'checked against the meeting register' }, gradedOn);
          if (shg.regular) eligible.push({ shgId, key: shg.key });
          if (s === 0) joiner = { shgId, key: shg.key };
        }
      }
    }

    // The first Kalikapur SHG joined the Madarat VO (the nearest) while its own village was not ready, paying share
    // capital and a fee in cash; it leaves on the last day (its village now meets the VO trigger).
    if (joiner && madaratExists) {
      const since = meetings[2]!;
      await cmd.run(
        'admit-federation-member',
        `federation-stages:join:${joiner.key}`,
        { membershipId: id(`membership:${joiner.key}`), federationId: madarat, memberId: joiner.shgId, since, shareCapitalPaise: 1000 * RS, membershipFeePaise: 100 * RS, paidFrom: 'cash', receivedInto: 'bank' },
        since,
      );
    }

    // The Revolving Fund to each eligible SHG: requested by the administrator, approved by the accounts officer.
    const releasedOn = addDays(end, -1);
    for (const e of eligible) {
      const approvalId = id(`approval:rf:${e.key}`);
      await cmd.run(
        'request-fund-release',
        `federation-stages:rf:${e.key}`,
        { approvalId, transferId: id(`transfer:rf:${e.key}`), fund: 'rf', giverId: rootId, receiverId: e.shgId, date: releasedOn, amountPaise: 15_000 * RS, reference: `RF sanction ${e.key.toUpperCase()}`, note: 'graded B before RF, signed off' },
        releasedOn,
      );
      await accounts.run('decide-approval', `federation-stages:rf:${e.key}`, { approvalId, decision: 'approve', note: 'grading and sanction order checked' }, releasedOn);
    }

    if (joiner && madaratExists) {
      await cmd.run(
        'leave-federation',
        `federation-stages:leave:${joiner.key}`,
        { transferId: id(`transfer:leave:${joiner.key}`), federationId: madarat, memberId: joiner.shgId, date: end, reason: 'Kalikapur now meets the VO trigger: the group will join its own village’s VO', paidFrom: 'bank', receivedInto: 'bank' },
        end,
      );
    }
  },
};
