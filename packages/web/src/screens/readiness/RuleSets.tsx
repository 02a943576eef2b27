import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { federationApi, type RuleBody, type RuleSets } from '../../api/federations.ts';
import { Loaded, useFmt, useLoad } from '../../components/common.tsx';
import type { Formatter } from '../../format.ts';
import { humanize, valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { moduleLabel } from './reasons.ts';

/** The sections of a rule set, in the order the screen shows them (core/rules.ts). */
export const RULE_SECTIONS = ['functional', 'voFormation', 'clfFormation', 'preExistingShg', 'funds', 'bankLinkage', 'grading'] as const;
/** Parts of a section shown as their own tables, not as plain rules. */
const TABLES = new Set(['bankLinkage.doses', 'grading.indicators', 'grading.panchasutra', 'grading.stages']);

/** A rule's plain leaves: 'funds.revolvingFund.minPaise' → 1000000. */
export function ruleLeaves(section: string, value: unknown, prefix = section): [string, unknown][] {
  if (TABLES.has(prefix)) return [];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => ruleLeaves(section, v, `${prefix}.${k}`));
  }
  return [[prefix, value]];
}

/** A rule's value in words: money, months, percentages, frequencies and modules each as such. */
export function ruleValue(t: TFunction, fmt: Formatter, path: string, value: unknown): string {
  const name = path.split('.').at(-1) ?? path;
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (name === 'minGrade') return valueLabel(t, 'grade', String(value));
  if (typeof value === 'number' && name.endsWith('Paise')) return fmt.money(value);
  if (name.endsWith('Months') || name === 'windowMonths') return t('rules.months', { n: fmt.number(value as number) });
  if (name.endsWith('Days')) return t('rules.days', { n: fmt.number(value as number) });
  if (name.endsWith('Percent')) return fmt.percent(value as number | string);
  if (name === 'savingsFrequency') return valueLabel(t, 'frequency', String(value));
  if (name === 'trainingModule') return moduleLabel(t, String(value));
  if (typeof value === 'number') return fmt.number(value);
  return String(value);
}

export default function RuleSetsSection({ params }: NodeSectionProps) {
  const state = useLoad((signal) => federationApi.ruleSets(params.asOf, { signal }), [params.asOf]);
  return <Loaded state={state}>{(r) => <RuleSetsView data={r} />}</Loaded>;
}

function RuleSetsView({ data }: { data: RuleSets }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const versions = [...data.ruleSets].sort((a, b) => b.version - a.version);
  return (
    <div className="rule-sets">
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('rules.inForce', { date: fmt.date(data.asOf) })}</dt>
          <dd>
            {data.inForce.version === 0
              ? t('rules.builtIn')
              : t('rules.versionFrom', { version: fmt.number(data.inForce.version), date: fmt.date(data.inForce.effectiveFrom) })}
          </dd>
        </div>
      </dl>
      <h2>{t('rules.versions')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rules.version')}</th>
              <th scope="col">{t('rules.effectiveFrom')}</th>
              <th scope="col">{t('rules.createdBy')}</th>
              <th scope="col">{t('rules.createdAt')}</th>
              <th scope="col">{t('rules.state')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">{fmt.number(v.version)}</th>
                <td className="date">{fmt.date(v.effectiveFrom)}</td>
                <td>{v.createdBy}</td>
                <td className="date">{fmt.date(v.createdAt.slice(0, 10))}</td>
                <td>
                  {v.id === data.inForce.id ? (
                    <span className="badge yes">{t('rules.stateInForce')}</span>
                  ) : v.effectiveFrom > data.asOf ? (
                    t('rules.stateFuture')
                  ) : (
                    t('rules.stateReplaced')
                  )}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{fmt.number(0)}</th>
              <td className="date">—</td>
              <td colSpan={2}>{t('rules.builtIn')}</td>
              <td>{data.inForce.version === 0 ? <span className="badge yes">{t('rules.stateInForce')}</span> : t('rules.stateReplaced')}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {versions.map((v) => (
        <details key={v.id} open={v.id === data.inForce.id}>
          <summary>{t('rules.versionFrom', { version: fmt.number(v.version), date: fmt.date(v.effectiveFrom) })}</summary>
          <RuleBodyView body={v.body} />
        </details>
      ))}
      <details open={data.inForce.version === 0}>
        <summary>{t('rules.builtIn')}</summary>
        <RuleBodyView body={data.defaults} />
      </details>
    </div>
  );
}

function RuleBodyView({ body }: { body: RuleBody }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const grading = body.grading as
    | { indicators?: Record<string, { weight: number; fullMarksAtPercent: number }>; panchasutra?: Record<string, number>; stages?: Record<string, { fromMonths: number; toMonths: number }> }
    | undefined;
  const doses = (body.bankLinkage as { doses?: { dose: number; corpusMultiple: number | null; minPaise: number }[] } | undefined)?.doses ?? [];
  return (
    <div className="rule-body">
      {RULE_SECTIONS.filter((s) => body[s]).map((section) => (
        <section key={section}>
          <h3>{t(`ruleSection.${section}`, { defaultValue: humanize(section) })}</h3>
          <dl className="rules-list">
            {ruleLeaves(section, body[section]).map(([path, value]) => (
              <div key={path}>
                <dt>{t(`rule.${path}`, { defaultValue: humanize(path.split('.').at(-1) ?? path) })}</dt>
                <dd>{ruleValue(t, fmt, path, value)}</dd>
              </div>
            ))}
          </dl>
          {section === 'bankLinkage' && doses.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('rule.bankLinkage.doses')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rules.dose')}</th>
                    <th scope="col">{t('rules.corpusMultiple')}</th>
                    <th scope="col" className="num">
                      {t('rules.doseMinimum')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {doses.map((d) => (
                    <tr key={d.dose}>
                      <th scope="row">{fmt.number(d.dose)}</th>
                      <td>{d.corpusMultiple === null ? t('rules.byCreditPlan') : t('rules.timesCorpus', { n: fmt.number(d.corpusMultiple) })}</td>
                      <td className="num">{fmt.money(d.minPaise)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {section === 'grading' && grading?.indicators && (
            <div className="table-wrap">
              <table>
                <caption>{t('rule.grading.indicators')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('grading.indicator')}</th>
                    <th scope="col" className="num">
                      {t('grading.maxPoints')}
                    </th>
                    <th scope="col" className="num">
                      {t('grading.fullMarksAt')}
                    </th>
                    <th scope="col" className="num">
                      {t('grading.panchasutraNorm')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(grading.indicators).map(([key, ind]) => (
                    <tr key={key}>
                      <th scope="row">{valueLabel(t, 'indicator', key)}</th>
                      <td className="num">{fmt.number(ind.weight)}</td>
                      <td className="num">{fmt.percent(ind.fullMarksAtPercent)}</td>
                      <td className="num">{grading.panchasutra?.[key] === undefined ? '—' : fmt.percent(grading.panchasutra[key])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {section === 'grading' && grading?.stages && (
            <dl className="rules-list">
              {Object.entries(grading.stages).map(([stage, s]) => (
                <div key={stage}>
                  <dt>{valueLabel(t, 'gradingStage', stage === 'beforeRf' ? 'before-rf' : stage === 'beforeCif' ? 'before-cif' : stage)}</dt>
                  <dd>{t('rules.monthsAfterFormation', { from: fmt.number(s.fromMonths), to: fmt.number(s.toMonths) })}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
