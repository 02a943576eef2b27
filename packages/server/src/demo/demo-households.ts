import { addDays, addMonths } from '@khata/core';
import { periodOf } from '@khata/core/social-action';
import type { DemoExtension } from './demo-extensions.ts';
import { demoId, Rng, type DemoPlan } from './generate-demo.ts';
import { COMMUNITIES, type Community } from './demo-people.ts';

/*
 * The demo's inclusion chapter. Every member's household is already in the register (the groups' year registers
 * it when she joins). Here: poor households of each village not yet in any SHG (a few poorest of the poor among
 * them), imported as each village's PIP list; an immunisation drive in the first village with its observations;
 * social action noted at an SHG meeting; and demands to the Panchayat plan with their outcomes.
 */

type Village = DemoPlan['villages'][number];
const RS = 100;
/** Categories that describe a household (the rest, such as single woman, describe the woman). */
const HOUSEHOLD_CATEGORIES = new Set(['sc', 'st', 'pvtg', 'minority', 'woman-headed-household', 'person-with-disability', 'landless', 'migrant-labour', 'isolated-community', 'flood-prone', 'drought-prone', 'conflict-affected', 'elderly']);

/** The Gram Sabha of 26 January (Republic Day) on or before `date`, which vetted the PIP list. */
const gramSabhaBefore = (date: string) => `${Number(date.slice(0, 4)) - (date.slice(5) < '01-26' ? 1 : 0)}-01-26`;

function outsideHouseholds(seed: number, village: Village, count: number, end: string) {
  const rng = Rng.of(`${seed}:households:${village.id}`);
  return Array.from({ length: count }, (_, n) => {
    const community: Community = rng.weighted(village.seed.communities);
    const names = COMMUNITIES[community];
    const womanHeaded = rng.chance(0.2);
    const family = rng.pick(names.last);
    const categories = new Set<string>(names.categories);
    if (womanHeaded) categories.add('woman-headed-household');
    if (womanHeaded && rng.chance(0.6)) categories.add('single-woman');
    if (rng.chance(0.5)) categories.add('landless');
    if (rng.chance(0.08)) categories.add('person-with-disability');
    if (rng.chance(0.1)) categories.add('elderly');
    if (village.seed.area && rng.chance(0.6)) categories.add(village.seed.area);
    const poorest = n % 3 === 0;
    const deprivations = rng.shuffle(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']).slice(0, poorest ? rng.int(2, 4) : rng.int(1, 2)).sort();
    const pipListed = rng.chance(0.85);
    return {
      id: demoId(seed, `household:outside:${village.id}:${n}`),
      villageId: village.id,
      registerNumber: `${village.seed.code.split('-').at(-1)}-PIP-${String(n + 1).padStart(3, '0')}`,
      headName: `${rng.pick(womanHeaded ? names.first : names.men)} ${family}`,
      povertyStatus: poorest ? 'poorest' : 'poor',
      seccDeprivations: deprivations,
      pipListed,
      pipVettedOn: pipListed ? gramSabhaBefore(end) : null,
      categories: [...categories].sort(),
    };
  });
}

export const demoHouseholds: DemoExtension = {
  label: 'households, social action, Panchayat demands',
  async run({ db, cmd, plan, seed }) {
    const end = plan.end;
    // Members admitted without a household (a group's cut-off sheet names only the women): their households too.
    const unlinked = await db
      .selectFrom('member as m')
      .innerJoin('node as s', 's.id', 'm.shg_id')
      .select(['m.id', 'm.name', 'm.joined_on', 'm.poverty_status', 'm.categories', 's.parent_id as villageId'])
      .where('m.household_id', 'is', null)
      .where('s.kind', '=', 'shg')
      .orderBy('s.code')
      .orderBy('m.membership_number')
      .execute();
    const planned = new Map(plan.groups.flatMap((g) => g.members.map((m) => [m.id, m.household] as const)));
    const byVillage = new Map<string, Array<Record<string, unknown>>>();
    const links: Array<{ memberId: string; householdId: string; on: string }> = [];
    for (const m of unlinked) {
      if (!m.villageId) continue;
      const household = planned.get(m.id) ?? {
        id: demoId(seed, `household:member:${m.id}`),
        villageId: m.villageId,
        headName: m.name,
        povertyStatus: m.poverty_status,
        seccDeprivations: [],
        pipListed: false,
        pipVettedOn: null,
        categories: m.categories.filter((c) => HOUSEHOLD_CATEGORIES.has(c)).sort(),
      };
      byVillage.set(m.villageId, [...(byVillage.get(m.villageId) ?? []), household]);
      links.push({ memberId: m.id, householdId: String(household.id), on: m.joined_on });
    }
    for (const [villageId, households] of byVillage) await cmd.run('import-households', `members:${villageId}`, { nodeId: villageId, households }, end);
    for (const l of links) await cmd.run('update-member', `household:${l.memberId}`, { memberId: l.memberId, householdId: l.householdId }, l.on);

    // Each village's PIP list of poor households not yet mobilised (Gram Sabha of 26 January).
    for (const village of plan.villages) {
      const households = outsideHouseholds(seed, village, 4 + Rng.of(`${seed}:outside-count:${village.id}`).int(0, 4), end);
      await cmd.run('import-households', `outside:${village.id}`, { nodeId: village.id, households }, end);
    }

    // An immunisation drive in the first village, a month before the end: mothers and children of member households
    // and of two households not yet in an SHG.
    const first = plan.villages[0]!;
    const driveOn = addDays(end, -30);
    const driveId = demoId(seed, 'drive:immunisation');
    await cmd.run('record-drive', 'immunisation', { id: driveId, nodeId: first.id, name: 'Mother and child immunisation drive', heldOn: driveOn, indicatorSet: 'immunisation', venue: 'Anganwadi centre' }, driveOn);
    const members = await db
      .selectFrom('member as m')
      .innerJoin('node as s', 's.id', 'm.shg_id')
      .select(['m.id', 'm.household_id'])
      .where('s.parent_id', '=', first.id)
      .where('m.joined_on', '<=', driveOn)
      .where((eb) => eb.or([eb('m.left_on', 'is', null), eb('m.left_on', '>', driveOn)]))
      .orderBy('s.code')
      .orderBy('m.membership_number')
      .limit(14)
      .execute();
    const rng = Rng.of(`${seed}:drive`);
    const observations: Array<Record<string, unknown>> = [];
    members.forEach((m, i) => {
      if (i % 2 === 0) observations.push({ id: demoId(seed, `observation:drive:mother:${m.id}`), indicator: 'immunisation-mother', memberId: m.id, met: rng.chance(0.8) });
      if (m.household_id) observations.push({ id: demoId(seed, `observation:drive:child:${m.household_id}`), indicator: 'immunisation-child', householdId: m.household_id, met: rng.chance(0.85) });
    });
    for (const n of [0, 1]) {
      const householdId = demoId(seed, `household:outside:${first.id}:${n}`);
      observations.push({ id: demoId(seed, `observation:drive:child:${householdId}`), indicator: 'immunisation-child', householdId, met: n === 0, note: n === 0 ? null : 'the child was away with the family at the brick kiln' });
    }
    if (observations.length) await cmd.run('record-social-action', 'drive:immunisation', { driveId, observations }, driveOn);

    // Social action noted at the last meeting of the first village's first SHG.
    const group = plan.groups.find((g) => g.village.id === first.id);
    const meeting = group && (await db.selectFrom('meeting').select(['id', 'date']).where('shg_id', '=', group.id).where('status', '=', 'recorded').orderBy('date', 'desc').executeTakeFirst());
    if (group && meeting) {
      const present = await db
        .selectFrom('member')
        .select(['id', 'household_id'])
        .where('shg_id', '=', group.id)
        .where('joined_on', '<=', meeting.date)
        .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', meeting.date)]))
        .orderBy('membership_number')
        .execute();
      const r = Rng.of(`${seed}:meeting-social-action`);
      const rows = present.flatMap((m) => [
        { id: demoId(seed, `observation:meeting:health:${m.id}`), indicator: 'health-seeking', memberId: m.id, met: r.chance(0.75) },
        ...(m.household_id
          ? [
              { id: demoId(seed, `observation:meeting:sanitation:${m.household_id}`), indicator: 'sanitation', householdId: m.household_id, met: r.chance(0.7) },
              { id: demoId(seed, `observation:meeting:garden:${m.household_id}`), indicator: 'nutrition-garden', householdId: m.household_id, met: r.chance(0.5) },
            ]
          : []),
      ]);
      if (rows.length) await cmd.run('record-social-action', `meeting:${meeting.id}`, { meetingId: meeting.id, observations: rows }, meeting.date);
    }

    // Demands to the Panchayat plan: from the first village's VO (or its first SHG), and from a Jharkhand SHG.
    const vo = await db.selectFrom('node').select('id').where('id', '=', demoId(seed, 'federation:vo:0')).executeTakeFirst();
    const planYear = periodOf(end, 'year');
    const submitted = addMonths(end, -4);
    const demands: Array<{ key: string; nodeId: string | undefined; gp: string; category: string; description: string; estimatedPaise: number | null; outcome?: { outcome: 'accepted' | 'rejected'; decidedOn: string; sanctionedPaise?: number; note: string } }> = [
      {
        key: 'tube-wells',
        nodeId: vo?.id ?? group?.id,
        gp: `${first.seed.name} Gram Panchayat`,
        category: 'water',
        description: 'Two tube wells for the hamlet by the canal, where women walk a kilometre for drinking water',
        estimatedPaise: 160_000 * RS,
        outcome: { outcome: 'accepted', decidedOn: addMonths(end, -2), sanctionedPaise: 120_000 * RS, note: 'one tube well this year, the second in the next plan' },
      },
      {
        key: 'brick-road',
        nodeId: vo?.id ?? group?.id,
        gp: `${first.seed.name} Gram Panchayat`,
        category: 'road',
        description: 'Brick road from the hamlet to the school (600 metres), flooded every monsoon',
        estimatedPaise: 450_000 * RS,
        outcome: { outcome: 'rejected', decidedOn: addMonths(end, -2), note: 'no funds left under the road head this year' },
      },
      { key: 'toilet', nodeId: group?.id, gp: `${first.seed.name} Gram Panchayat`, category: 'sanitation', description: 'Community toilet near the weekly market', estimatedPaise: 90_000 * RS },
    ];
    const jh = plan.groups.find((g) => g.village.branchIndex === 1);
    if (jh) {
      demands.push({
        key: 'farm-pond',
        nodeId: jh.id,
        gp: `${jh.village.seed.name} Gram Panchayat`,
        category: 'livelihood',
        description: 'Farm pond under MGNREGA on land leased by the group, for fish and a second crop',
        estimatedPaise: 250_000 * RS,
        outcome: { outcome: 'accepted', decidedOn: addMonths(end, -1), sanctionedPaise: 250_000 * RS, note: 'work to start after the harvest' },
      });
    }
    for (const d of demands) {
      if (!d.nodeId) continue;
      const id = demoId(seed, `panchayat-demand:${d.key}`);
      await cmd.run('submit-panchayat-demand', d.key, { id, nodeId: d.nodeId, gramPanchayat: d.gp, planYear, category: d.category, description: d.description, submittedOn: submitted, estimatedPaise: d.estimatedPaise }, submitted);
      if (d.outcome) await cmd.run('record-panchayat-outcome', d.key, { demandId: id, ...d.outcome }, d.outcome.decidedOn);
    }
  },
};
