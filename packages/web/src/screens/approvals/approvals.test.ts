import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api.ts';
import { APPROVAL_KINDS, approvalAmountPaise, type Approval } from '../../api/approvals.ts';
import type { RuleSets } from '../../api/federations.ts';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import bn from '../../i18n/bn.json';
import or from '../../i18n/or.json';
import { errorLines } from '../../labels.ts';
import { releaseThresholdPaise } from '../federations/FederationActions.tsx';

const catalogs = { en, hi, bn, or } as Record<string, Record<string, string>>;
const ts: Record<string, TFunction> = {};
beforeAll(async () => {
  for (const lng of Object.keys(catalogs)) {
    const i = createInstance();
    await i.init({ resources: { [lng]: { translation: catalogs[lng]! } }, lng, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
    ts[lng] = i.t;
  }
});

const refusal = (rule: string) =>
  new ApiError(422, { code: 'RULE_NOT_MET', message: 'refused', problems: [{ code: 'RULE_NOT_MET', field: 'amountPaise', message: 'a VO’s start-up fund is Rs 25,000 in all', params: { rule, ruleSetVersion: 0 } }] });

describe('server refusals that cite a rule', () => {
  it('show the rule in words, in each language, after the field and the reason', () => {
    expect(errorLines(ts.en!, refusal('funds.voStartUpFundPaise'))).toEqual(['Amount: The programme rules do not allow this yet. (Start-up fund for a VO)']);
    for (const lng of ['hi', 'bn', 'or']) {
      const [line] = errorLines(ts[lng]!, refusal('funds.voStartUpFundPaise'));
      expect(line).toContain(catalogs[lng]!['rule.funds.voStartUpFundPaise']);
      expect(line).toContain(catalogs[lng]!['error.RULE_NOT_MET']);
      expect(line).toContain(catalogs[lng]!['field.amountPaise']);
    }
  });

  it('leave the rule out when the catalog has no words for it (never a raw rule path)', () => {
    expect(errorLines(ts.en!, refusal('funds.revolvingFund'))).toEqual(['Amount: The programme rules do not allow this yet.']);
  });

  it('name the threshold rule of a release that needs approval', () => {
    const e = new ApiError(422, { code: 'APPROVAL_REQUIRED', message: 'x', problems: [{ code: 'APPROVAL_REQUIRED', field: 'amountPaise', message: 'x', params: { rule: 'funds.releaseApprovalAbovePaise', thresholdPaise: 0 } }] });
    expect(errorLines(ts.en!, e)).toEqual(['Amount: A second person must approve this. Send it for approval. (Second person must approve releases above)']);
  });
});

describe('approvals', () => {
  it('every kind of request has a label in all four catalogs', () => {
    for (const kind of APPROVAL_KINDS) for (const lng of Object.keys(catalogs)) expect(catalogs[lng]![`approvalKind.${kind}`], `${lng} ${kind}`).toBeTruthy();
  });

  it('take the amount from the release, the loan or the shortfall', () => {
    const base = { id: 'a', nodeId: 'n', nodeName: 'N', status: 'pending', requestedAt: '2026-10-01T00:00:00Z', requestedBy: 'X', decidedAt: null, decisionNote: null, canDecide: true } as const;
    const release = { ...base, kind: 'fund-release', payload: { release: { amountPaise: 5_000_000 } } } as unknown as Approval;
    const loan = { ...base, kind: 'loan-write-off', payload: { reason: 'r', asOf: '2026-10-01', memberId: 'm', principalOutstandingPaise: 12_300 } } as Approval;
    const exit = { ...base, kind: 'member-exit-write-off', payload: { reason: 'r', asOf: '2026-10-01', memberId: 'm', shortfallPaise: 800 } } as Approval;
    expect([release, loan, exit].map(approvalAmountPaise)).toEqual([5_000_000, 12_300, 800]);
  });

  it('read the one-person release limit from the rule set in force, else its default', () => {
    const defaults = { funds: { releaseApprovalAbovePaise: 0 } };
    const stored = (body: Record<string, Record<string, unknown>>) => ({ id: 'r1', version: 1, effectiveFrom: '2026-01-01', body, createdBy: 'u', createdAt: '' });
    const inForce = { id: 'r1', version: 1, effectiveFrom: '2026-01-01' };
    expect(releaseThresholdPaise({ asOf: '2026-10-01', inForce: { id: null, version: 0, effectiveFrom: '2000-01-01' }, ruleSets: [], defaults } as RuleSets)).toBe(0);
    expect(releaseThresholdPaise({ asOf: '2026-10-01', inForce, ruleSets: [stored({ funds: { releaseApprovalAbovePaise: 10_000_00 } })], defaults } as RuleSets)).toBe(10_000_00);
    expect(releaseThresholdPaise({ asOf: '2026-10-01', inForce, ruleSets: [stored({ funds: {} })], defaults } as RuleSets)).toBe(0);
  });
});
