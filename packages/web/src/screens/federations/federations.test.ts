/**
 * Every value the federation, readiness, grading and rules screens show has a label in all four catalogs (the
 * web's value lists are checked against core's), and readiness reasons are rendered from their rule and figures in
 * the user's language, never from the server's English sentence.
 */
import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartTemplate } from '@khata/core/chart';
import * as coreFederation from '@khata/core/federation';
import * as coreGrading from '@khata/core/grading';
import { clfTrigger, voTrigger, type ShgRecords, type VoRecords } from '@khata/core/readiness';
import * as coreRules from '@khata/core/rules';
import {
  DIFFERENCE_CAUSES,
  EC_ROLES,
  FEDERATION_LEVELS,
  FEDERATION_MEETING_KINDS,
  FEDERATION_STATUSES,
  GRADES,
  GRADING_STAGES,
  INDICATOR_KEYS,
  LOAN_FUNDS,
  NORMS,
  POSITION_CATEGORIES,
  POSITION_KEY_KINDS,
  READINESS_RULES,
  STAGE_TIMINGS,
  SUB_COMMITTEE_ROLES,
  type Indicator,
  type Reason,
} from '../../api/federations.ts';
import { makeFormatter } from '../../format.ts';
import bn from '../../i18n/bn.json';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import or from '../../i18n/or.json';
import { NODE_SECTIONS } from '../node-sections.ts';
import { measureText } from '../grading/ShgGrading.tsx';
import { reasonText } from '../readiness/reasons.ts';
import { RULE_SECTIONS, ruleLeaves } from '../readiness/RuleSets.tsx';

const catalogs = { en, hi, bn, or } as Record<string, Record<string, string>>;
const missingIn = (keys: string[]) => Object.entries(catalogs).flatMap(([lang, c]) => keys.filter((k) => typeof c[k] !== 'string' || c[k].trim() === '').map((k) => `${lang}:${k}`));

async function translator(lang: 'en' | 'bn'): Promise<TFunction> {
  const i = createInstance();
  await i.init({ resources: { [lang]: { translation: catalogs[lang]! }, en: { translation: en } }, lng: lang, fallbackLng: 'en', keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
  return i.t;
}

// A village whose one SHG falls short of every VO rule, and a cluster whose one VO falls short of every CLF rule.
const AS_OF = '2026-04-27';
const weakShg: ShgRecords = {
  id: 's1',
  name: 'Durga',
  formedOn: '2026-03-01',
  meetingFrequency: 'monthly',
  compulsorySavingsPaise: 1000,
  groupType: 'regular',
  preExisting: true,
  members: Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, joinedOn: '2026-03-01', leftOn: null, povertyStatus: i === 0 ? 'poor' : 'non-poor' })),
  meetings: [],
  loans: [],
  trainings: [],
};
const weakVo: VoRecords = { id: 'v1', name: 'Ramnagar VO', formedOn: '2026-01-01', shgCount: 30, ecMeetingDates: [], trainings: [] };
const ruleSet = coreRules.BUILT_IN_RULE_SET;
const strictRuleSet = { ...ruleSet, body: { ...ruleSet.body, clfFormation: { ...ruleSet.body.clfFormation, minVos: 1, maxVos: 0, minShgsPerVo: 40 } } };

describe('federation screens: labels', () => {
  it('lists the same values as core', () => {
    expect([...FEDERATION_LEVELS]).toEqual([...coreFederation.FEDERATION_LEVELS]);
    expect([...POSITION_CATEGORIES]).toEqual([...coreFederation.POSITION_CATEGORIES]);
    expect([...LOAN_FUNDS]).toEqual([...coreFederation.LOAN_FUNDS]);
    expect([...GRADING_STAGES]).toEqual([...coreGrading.GRADING_STAGES]);
    expect([...INDICATOR_KEYS]).toEqual([...coreRules.INDICATOR_KEYS]);
    expect([...NORMS]).toEqual([...coreRules.NORMS]);
    expect([...GRADES]).toEqual([...coreRules.GRADES]);
  });

  it('has a label in every language for every value the server can send', () => {
    const families: [string, readonly string[]][] = [
      ['kind', [...FEDERATION_LEVELS, 'shg', 'organisation']],
      ['status', [...FEDERATION_STATUSES, 'open', 'closed', 'written-off', 'cancelled']],
      ['ecRole', EC_ROLES],
      ['subCommitteeRole', SUB_COMMITTEE_ROLES],
      ['federationMeeting', FEDERATION_MEETING_KINDS],
      ['fund', coreFederation.GRANT_FUNDS],
      ['position', POSITION_CATEGORIES],
      ['cause', DIFFERENCE_CAUSES],
      ['eventKind', POSITION_KEY_KINDS],
      ['reason', READINESS_RULES],
      ['gradingStage', GRADING_STAGES],
      ['stageTiming', STAGE_TIMINGS],
      ['indicator', INDICATOR_KEYS],
      ['norm', NORMS],
      ['grade', GRADES],
      ['measure', [...INDICATOR_KEYS, 'nothingFull', 'nothingZero']],
      ['ruleSection', RULE_SECTIONS],
      ['trainingModule', [coreRules.DEFAULT_RULES.voFormation.trainingModule, coreRules.DEFAULT_RULES.clfFormation.trainingModule]],
    ];
    expect(missingIn(families.flatMap(([p, values]) => values.map((v) => `${p}.${v}`)))).toEqual([]);
  });

  it('labels every rule of the rule set and every section of this area', () => {
    const leaves = RULE_SECTIONS.flatMap((s) => ruleLeaves(s, (coreRules.DEFAULT_RULES as Record<string, unknown>)[s]).map(([path]) => `rule.${path}`));
    expect(leaves.length).toBeGreaterThan(30);
    expect(missingIn([...leaves, 'rule.bankLinkage.doses', 'rule.grading.indicators'])).toEqual([]);
    // This area's sections (the others' are their areas' to label).
    const mine = NODE_SECTIONS.filter((s) => s.labelKey.startsWith('section.fed.'));
    expect(mine.map((s) => s.id)).toEqual(['members', 'committee', 'meetings', 'loans', 'reconciliation', 'books', 'federations', 'readiness', 'rules']);
    expect(missingIn(mine.map((s) => s.labelKey))).toEqual([]);
  });

  it("labels every account of a federation's chart", () => {
    const keys = new Set<string>();
    for (const level of FEDERATION_LEVELS) {
      for (const a of chartTemplate(level)) {
        const parts = a.path.split(':');
        for (let i = 1; i <= parts.length; i++) keys.add(`account.${parts.slice(0, i).join('.')}`);
      }
    }
    expect(missingIn([...keys])).toEqual([]);
  });
});

describe('readiness reasons in the user language', () => {
  let tEn: TFunction;
  let tBn: TFunction;
  beforeAll(async () => {
    tEn = await translator('en');
    tBn = await translator('bn');
  });

  const reasons = (): Reason[] => [...voTrigger([weakShg], AS_OF, ruleSet).reasons, ...clfTrigger([weakVo], AS_OF, strictRuleSet).reasons, ...clfTrigger([weakVo], AS_OF, strictRuleSet).notes];

  it('knows every rule core cites, here all but two of them', () => {
    const cited = new Set(reasons().map((r) => r.rule));
    expect([...cited].filter((r) => !(READINESS_RULES as readonly string[]).includes(r))).toEqual([]);
    // The SHG and the VO fall short of every rule but the special group's size and the cluster's upper size.
    expect([...cited].sort()).toEqual(
      [
        'clfFormation.ecMeetingMonths',
        'clfFormation.maxMissedEcMeetings',
        'clfFormation.maxShgsPerVo',
        'clfFormation.minShgsPerVo',
        'clfFormation.minVos',
        'clfFormation.trainingModule',
        'functional.maxMissedMeetings',
        'functional.maxMissedSavings',
        'functional.windowMonths',
        'preExistingShg.minPoorMemberPercent',
        'voFormation.minMembersPerShg',
        'voFormation.minShgs',
        'voFormation.savingsFrequency',
        'voFormation.trainingModule',
      ],
    );
  });

  it('renders each reason from its figures, with the group named, in English and Bengali', () => {
    const fmtEn = makeFormatter('en', false);
    const fmtBn = makeFormatter('bn', true);
    const all = reasons();
    const members = all.find((r) => r.rule === 'voFormation.minMembersPerShg')!;
    expect(reasonText(tEn, fmtEn, members)).toBe('Durga has 4 members; at least 10 are needed.');
    const bengali = reasonText(tBn, fmtBn, members);
    expect(bengali).toContain('Durga');
    expect(bengali).toContain('৪'); // Bengali digits
    expect(bengali).toMatch(/[\u0980-\u09FF]{3,}/);
    expect(reasonText(tEn, fmtEn, all.find((r) => r.rule === 'voFormation.savingsFrequency')!)).toBe('Durga saves: Monthly. The VO needs: Weekly.');
    expect(reasonText(tEn, fmtEn, all.find((r) => r.rule === 'voFormation.trainingModule')!)).toBe('Durga has not finished the training: How a Village Organisation works.');
    expect(reasonText(tEn, fmtEn, all.find((r) => r.rule === 'functional.windowMonths')!)).toBe('Durga was formed on 1 Mar 2026: less than 3 months of records.');
    for (const r of all) {
      for (const text of [reasonText(tEn, fmtEn, r), reasonText(tBn, fmtBn, r)]) {
        expect(text).not.toMatch(/\{\{|reason\./);
        expect(text).not.toBe(r.message);
      }
    }
  });

  it('falls back to the server sentence for a rule this app does not know yet', () => {
    const fmt = makeFormatter('en', false);
    expect(reasonText(tEn, fmt, { rule: 'newRule.someting', message: 'Durga lacks a thing', params: {} })).toBe('Durga lacks a thing');
  });

  it('says what each grading indicator counted, in money where it is money', () => {
    const fmt = makeFormatter('en', false);
    const ind = (key: Indicator['key'], unit: Indicator['unit'], numerator: number, denominator: number, pointsHundredths = 0): Indicator => ({
      key,
      norm: key,
      weight: 20,
      numerator,
      denominator,
      unit,
      percent: null,
      fullMarksAtPercent: 100,
      points: '0.00',
      pointsHundredths,
      explanation: '',
    });
    expect(measureText(tEn, fmt, ind('meetings', 'periods', 11, 12))).toBe('11 of 12 meetings held');
    expect(measureText(tEn, fmt, ind('savings', 'paise', 321000, 367000))).toBe('₹3,210.00 of ₹3,670.00 savings due was collected');
    expect(measureText(tEn, fmt, ind('repayment', 'paise', 0, 0, 2000))).toBe('Nothing fell due: full marks');
    expect(measureText(tEn, fmt, ind('books', 'meetings', 0, 0, 0))).toBe('Nothing to count: no points');
  });
});
