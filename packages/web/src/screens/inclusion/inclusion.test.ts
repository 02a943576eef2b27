import { describe, expect, it } from 'vitest';
import * as core from '@khata/core/inclusion';
import * as social from '@khata/core/social-action';
import * as web from '../../api/inclusion.ts';
import bn from '../../i18n/bn.json';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import or from '../../i18n/or.json';

describe('inclusion screens', () => {
  it('use the same codes as core', () => {
    expect(web.INCLUSION_CATEGORIES).toEqual(core.INCLUSION_CATEGORIES);
    expect(web.SECC_DEPRIVATIONS).toEqual(core.SECC_DEPRIVATIONS);
    expect(web.POVERTY_STATUSES).toEqual(core.POVERTY_STATUSES);
    expect(web.MOBILISATION_STATUSES).toEqual(core.MOBILISATION_STATUSES);
    expect(web.DEMAND_CATEGORIES).toEqual(social.DEMAND_CATEGORIES);
    expect(web.DEMAND_STATUSES).toEqual(social.DEMAND_STATUSES);
    expect(web.REPORT_PERIODS).toEqual(social.REPORT_PERIODS);
    expect(web.DEFAULT_INDICATORS).toEqual(social.DEFAULT_SOCIAL_INDICATORS.map((i) => i.code));
    expect(web.DEFAULT_INDICATOR_SETS).toEqual([...new Set(social.DEFAULT_SOCIAL_INDICATORS.map((i) => i.set))]);
  });

  it('label every value they show, in all four languages', () => {
    const families: [string, readonly string[]][] = [
      ['category', web.INCLUSION_CATEGORIES],
      ['secc', web.SECC_DEPRIVATIONS],
      ['poverty', [...web.POVERTY_STATUSES, 'poor-or-poorest']],
      ['mobilisation', web.MOBILISATION_STATUSES],
      ['socialIndicator', web.DEFAULT_INDICATORS],
      ['indicatorSet', web.DEFAULT_INDICATOR_SETS],
      ['demandStatus', web.DEMAND_STATUSES],
      ['demandCategory', web.DEMAND_CATEGORIES],
      ['reportPeriod', web.REPORT_PERIODS],
    ];
    const keys = families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`));
    for (const catalog of [en, hi, bn, or] as Record<string, string>[]) expect(keys.filter((k) => !catalog[k])).toEqual([]);
  });
});
