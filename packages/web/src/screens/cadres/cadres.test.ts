import { describe, expect, it } from 'vitest';
import * as cadres from '@khata/core/cadres';
import * as training from '@khata/core/training';
import * as web from '../../api/cadres.ts';
import * as webTraining from '../../api/training.ts';
import bn from '../../i18n/bn.json';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import or from '../../i18n/or.json';

describe('cadre and training screens', () => {
  it('use the same codes as core', () => {
    expect(web.BUILT_IN_CADRE_TYPES).toEqual(cadres.BUILT_IN_CADRE_TYPES);
    expect(web.CADRE_STATUSES).toEqual(cadres.CADRE_STATUSES);
    expect(web.REVIEW_INDICATORS).toEqual(cadres.REVIEW_INDICATORS);
    expect(web.HONORARIUM_BASES).toEqual(cadres.HONORARIUM_BASES);
    expect(webTraining.TRAINING_EVENT_KINDS).toEqual(training.TRAINING_EVENT_KINDS);
    expect(webTraining.PARTICIPANT_KINDS).toEqual(training.PARTICIPANT_KINDS);
  });

  it('label every value they show, in all four languages', () => {
    const families: [string, readonly (string | number)[]][] = [
      ['cadreType', web.BUILT_IN_CADRE_TYPES],
      ['cadreStatus', web.CADRE_STATUSES],
      ['reviewIndicator', web.REVIEW_INDICATORS],
      ['trainingKind', webTraining.TRAINING_EVENT_KINDS],
      ['trainingStatus', training.TRAINING_EVENT_STATUSES],
      ['participantKind', [...webTraining.PARTICIPANT_KINDS, 'institution']],
      ['paidFrom', ['cash', 'bank']],
      ['cadres.ratingLabel', cadres.REVIEW_RATINGS],
      ['section', ['cadres', 'training']],
    ];
    const keys = [...families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)), 'account.liabilities.honorarium-payable'];
    for (const catalog of [en, hi, bn, or] as Record<string, string>[]) expect(keys.filter((k) => !catalog[k])).toEqual([]);
  });
});
