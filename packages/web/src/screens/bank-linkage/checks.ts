/**
 * Eligibility checks in the user's language. The server sends each check as the rule it applied (its dotted path in
 * the rule set), whether it was met, and the figures; the words come from `bankLinkage.check.*`. A rule this
 * version of the app does not know shows the server's English sentence rather than nothing.
 */
import type { TFunction } from 'i18next';
import type { EligibilityCheck } from '../../api/bank-linkage.ts';
import type { Formatter } from '../../format.ts';
import { valueLabel } from '../../labels.ts';

/** The catalog key of a rule's sentence: doses are one sentence whatever their number or basis. */
export function checkKey(c: Pick<EligibilityCheck, 'rule' | 'met'>): string | null {
  if (c.rule === 'bankLinkage.eligibility.minAgeMonths') return 'bankLinkage.check.age';
  if (c.rule === 'bankLinkage.eligibility.minPanchasutraScore') return 'bankLinkage.check.panchasutra';
  if (c.rule === 'bankLinkage.eligibility.gradingValidMonths') return 'bankLinkage.check.gradingMissing';
  if (c.rule === 'grading.bankCreditMinScore') return 'bankLinkage.check.gradingScore';
  if (c.rule === 'bankLinkage.eligibility.noOverdueToBank') return c.met ? 'bankLinkage.check.noOverdue' : 'bankLinkage.check.overdue';
  if (/^bankLinkage\.(doses\.\d+\.(corpusMultiple|minPaise)|collateralFreeLimitPaise)$/.test(c.rule)) return 'bankLinkage.check.dose';
  return null;
}

export function checkText(t: TFunction, fmt: Formatter, c: EligibilityCheck): string {
  const key = checkKey(c);
  if (!key) return c.message;
  const p = c.params;
  const num = (k: string) => (p[k] === undefined ? '' : fmt.number(Number(p[k])));
  const money = (k: string) => fmt.money(Number(p[k] ?? 0));
  const values: Record<string, string> = {
    ageMonths: num('ageMonths'),
    minAgeMonths: num('minAgeMonths'),
    formedOn: fmt.date(String(p.formedOn ?? '')),
    score: p.score === undefined ? '' : typeof p.score === 'number' ? fmt.number(p.score) : fmt.digits(String(p.score)),
    minScore: num('minScore'),
    gradingValidMonths: num('gradingValidMonths'),
    gradedOn: fmt.date(String(p.gradedOn ?? '')),
    grade: String(p.grade ?? ''),
    amount: money('overduePaise'),
    requested: money('requestedPaise'),
    limit: money('limitPaise'),
    dose: num('dose'),
  };
  let text = t(key, { ...values, defaultValue: c.message });
  const notMet = String(p.notMet ?? '');
  if (key === 'bankLinkage.check.panchasutra' && notMet) {
    text += ` ${t('bankLinkage.check.notMet', { list: notMet.split(',').map((n) => valueLabel(t, 'norm', n)).join(', ') })}`;
  }
  return text;
}
