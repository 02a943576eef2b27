import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import { misApi, PAR_BUCKETS, type Mis } from '../../api/mis.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { BarChart, LineChart, StackedColumns } from './charts.tsx';

/** The month before the one of `date` (YYYY-MM): a monthly report is usually made for the month just ended. */
function previousMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Consolidated MIS of a place: headline figures, tables, charts, and the NRLM monthly progress report download. */
export default function MisSection({ detail, params }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const state = useLoad((signal) => misApi.mis(nodeId, params.asOf, { signal }), [nodeId, params.asOf]);
  return (
    <section aria-labelledby="mis-title">
      <h2 id="mis-title">{t('mis.title')}</h2>
      <AsOfPicker nodeId={nodeId} asOf={params.asOf} />
      <Loaded state={state}>{({ mis }) => <MisBody mis={mis} />}</Loaded>
      <MprDownload nodeId={nodeId} asOf={params.asOf} />
    </section>
  );
}

function AsOfPicker({ nodeId, asOf }: { nodeId: string; asOf: string | undefined }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(asOf ?? todayIso());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    window.location.hash = href({ name: 'node', nodeId, section: 'mis', params: { asOf: value } });
  };
  return (
    <form className="period-picker no-print" onSubmit={submit}>
      <div className="field">
        <label htmlFor="mis-as-of">{t('mis.asOf')}</label>
        <input id="mis-as-of" type="date" value={value} required onChange={(e) => setValue(e.target.value)} />
      </div>
      <button type="submit">{t('mis.show')}</button>
    </form>
  );
}

function MprDownload({ nodeId, asOf }: { nodeId: string; asOf: string | undefined }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(previousMonth(asOf ?? todayIso()));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <section aria-labelledby="mpr-title" className="no-print">
      <h3 id="mpr-title">{t('mis.mpr.title')}</h3>
      <p className="muted">{t('mis.mpr.help')}</p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mpr-month">{t('mis.mpr.month')}</label>
          <input id="mpr-month" type="month" value={month} required onChange={(e) => setMonth(e.target.value)} aria-invalid={!valid} />
        </div>
        {valid ? (
          <>
            <a className="button-link" href={misApi.mprUrl(nodeId, month, 'csv')} download>
              {t('mis.mpr.csv')}
            </a>
            <a className="button-link" href={misApi.mprUrl(nodeId, month, 'xlsx')} download>
              {t('mis.mpr.xlsx')}
            </a>
          </>
        ) : (
          <p className="error-inline">{t('mis.mpr.badMonth')}</p>
        )}
      </div>
    </section>
  );
}

function MisBody({ mis }: { mis: Mis }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const p = mis.portfolio;
  const months = mis.series.map((s) => fmt.date(s.date));
  const money = (v: number) => fmt.money(Math.round(v));
  const last = mis.series[mis.series.length - 1];
  const first = mis.series[0];
  const gradeBars = (['A', 'B', 'C'] as const)
    .map((g) => ({ label: valueLabel(t, 'grade', g), value: mis.grades[g], text: fmt.number(mis.grades[g]) }))
    .concat([{ label: t('mis.grades.notGraded'), value: mis.grades.notGraded, text: fmt.number(mis.grades.notGraded) }]);
  const funnelBars = mis.funnel.map((f) => ({ label: t(`mis.funnel.${f.step}`), value: f.shgs, text: fmt.number(f.shgs) }));
  const categories = Object.entries(mis.members.categories).sort((a, b) => b[1] - a[1]);
  const federations = mis.federations.filter((f) => f.count > 0);

  return (
    <>
      <p className="muted">{t('mis.asOfLine', { date: fmt.dateLong(mis.asOf), code: mis.node.nrlmCode ?? '—', lgd: mis.node.lgdCode ?? '—' })}</p>
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('mis.fig.shgs')}</dt>
          <dd>{fmt.number(mis.shgs.total - mis.shgs.closed)}</dd>
        </div>
        <div>
          <dt>{t('mis.fig.members')}</dt>
          <dd>{fmt.number(mis.members.active)}</dd>
        </div>
        <div className="highlight">
          <dt>{t('mis.fig.savings')}</dt>
          <dd>
            <Money paise={mis.savings.totalPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('mis.fig.loans')}</dt>
          <dd>
            <Money paise={mis.loansOutstanding.totalPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('mis.fig.repaymentRate')}</dt>
          <dd>{fmt.percent(p.repaymentRate)}</dd>
        </div>
        <div>
          <dt>{t('mis.fig.par')}</dt>
          <dd>{fmt.percent(p.par.atRiskPercent)}</dd>
        </div>
      </dl>

      <div className="two-col">
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.loans.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mis.loans.source')}</th>
                <th scope="col" className="num">
                  {t('mis.loans.outstanding')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(['internal', 'bank', 'federation', 'other'] as const).map((s) => (
                <tr key={s}>
                  <th scope="row">{t(`mis.loans.${s}`)}</th>
                  <td className="num">
                    <Money paise={mis.loansOutstanding[s]} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('mis.total')}</th>
                <td className="num">
                  <Money paise={mis.loansOutstanding.totalPaise} strong />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.savings.title')}</caption>
            <tbody>
              <tr>
                <th scope="row">{t('mis.savings.compulsory')}</th>
                <td className="num">
                  <Money paise={mis.savings.compulsoryPaise} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('mis.savings.voluntary')}</th>
                <td className="num">
                  <Money paise={mis.savings.voluntaryPaise} />
                </td>
              </tr>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('mis.total')}</th>
                <td className="num">
                  <Money paise={mis.savings.totalPaise} strong />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </div>

      <LineChart
        title={t('mis.chart.savingsLoans')}
        summary={t('mis.chart.savingsLoansSummary', {
          from: fmt.date(first?.date),
          to: fmt.date(last?.date),
          savingsFrom: fmt.money(first?.savingsPaise),
          savingsTo: fmt.money(last?.savingsPaise),
          loansTo: fmt.money((last?.internalLoansPaise ?? 0) + (last?.externalLoansPaise ?? 0)),
        })}
        xLabels={months}
        yText={money}
        series={[
          { label: t('mis.series.savings'), values: mis.series.map((s) => s.savingsPaise), texts: mis.series.map((s) => fmt.money(s.savingsPaise)) },
          { label: t('mis.series.internalLoans'), values: mis.series.map((s) => s.internalLoansPaise), texts: mis.series.map((s) => fmt.money(s.internalLoansPaise)) },
          { label: t('mis.series.externalLoans'), values: mis.series.map((s) => s.externalLoansPaise), texts: mis.series.map((s) => fmt.money(s.externalLoansPaise)) },
        ]}
      />

      <h3>{t('mis.portfolio.title')}</h3>
      <p>{t('mis.portfolio.rateLine', { from: fmt.date(p.from), to: fmt.date(p.to), collected: fmt.money(p.collectedPaise), due: fmt.money(p.totalDuePaise), rate: fmt.percent(p.repaymentRate) })}</p>
      <div className="table-wrap">
        <table className="report-table">
          <caption>{t('mis.par.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mis.par.bucket')}</th>
              <th scope="col" className="num">
                {t('mis.par.loans')}
              </th>
              <th scope="col" className="num">
                {t('mis.par.outstanding')}
              </th>
              <th scope="col" className="num">
                {t('mis.par.percent')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('mis.par.current')}</th>
              <td className="num">{fmt.number(p.par.loans - PAR_BUCKETS.reduce((s, b) => s + p.par.buckets[b].loans, 0))}</td>
              <td className="num">
                <Money paise={p.par.currentPaise} />
              </td>
              <td className="num">{fmt.percent(p.par.currentPercent)}</td>
            </tr>
            {PAR_BUCKETS.map((b) => (
              <tr key={b}>
                <th scope="row">{t('mis.par.days', { bucket: b })}</th>
                <td className="num">{fmt.number(p.par.buckets[b].loans)}</td>
                <td className="num">
                  <Money paise={p.par.buckets[b].principalPaise} />
                </td>
                <td className="num">{fmt.percent(p.par.buckets[b].percent)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('mis.par.atRisk')}</th>
              <td className="num">{fmt.number(PAR_BUCKETS.reduce((s, b) => s + p.par.buckets[b].loans, 0))}</td>
              <td className="num">
                <Money paise={p.par.atRiskPaise} strong />
              </td>
              <td className="num">{fmt.percent(p.par.atRiskPercent)}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <StackedColumns
        title={t('mis.chart.parTrend')}
        summary={t('mis.chart.parTrendSummary', { from: fmt.percent(first?.atRiskPercent), to: fmt.percent(last?.atRiskPercent) })}
        xLabels={months}
        yText={money}
        totalHeader={t('mis.par.percent')}
        totalTexts={mis.series.map((s) => fmt.percent(s.atRiskPercent))}
        parts={PAR_BUCKETS.map((b) => ({
          label: t('mis.par.days', { bucket: b }),
          values: mis.series.map((s) => s.buckets[b]),
          texts: mis.series.map((s) => fmt.money(s.buckets[b])),
        }))}
      />

      <div className="two-col">
        <BarChart
          title={t('mis.chart.grades')}
          summary={t('mis.chart.gradesSummary', { a: fmt.number(mis.grades.A), b: fmt.number(mis.grades.B), c: fmt.number(mis.grades.C), none: fmt.number(mis.grades.notGraded) })}
          valueHeader={t('mis.fig.shgs')}
          bars={gradeBars}
        />
        <BarChart
          funnel
          title={t('mis.chart.funnel')}
          summary={mis.funnel.map((f) => `${t(`mis.funnel.${f.step}`)}: ${fmt.number(f.shgs)}`).join('; ')}
          valueHeader={t('mis.fig.shgs')}
          bars={funnelBars}
        />
      </div>

      <div className="table-wrap">
        <table className="report-table">
          <caption>{t('mis.funds.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mis.funds.fund')}</th>
              <th scope="col">{t('mis.funds.level')}</th>
              <th scope="col" className="num">
                {t('mis.funds.institutions')}
              </th>
              <th scope="col" className="num">
                {t('mis.funds.received')}
              </th>
              <th scope="col" className="num">
                {t('mis.funds.repaid')}
              </th>
            </tr>
          </thead>
          <tbody>
            {mis.funds.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  {t('mis.funds.none')}
                </td>
              </tr>
            ) : (
              mis.funds.map((f) => (
                <tr key={`${f.fund}|${f.level}`}>
                  <th scope="row">{valueLabel(t, 'fund', f.fund)}</th>
                  <td>{valueLabel(t, 'kind', f.level)}</td>
                  <td className="num">{fmt.number(f.institutions)}</td>
                  <td className="num">
                    <Money paise={f.receivedPaise} />
                  </td>
                  <td className="num">
                    <Money paise={f.repaidPaise} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <div className="two-col">
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.members.title')}</caption>
            <tbody>
              {(['poorest', 'poor', 'non-poor'] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{t(`mis.poverty.${k}`)}</th>
                  <td className="num">{fmt.number(mis.members.poverty[k])}</td>
                </tr>
              ))}
              {categories.map(([c, n]) => (
                <tr key={c}>
                  <th scope="row">{valueLabel(t, 'mis.category', c)}</th>
                  <td className="num">{fmt.number(n)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('mis.fig.members')}</th>
                <td className="num">{fmt.number(mis.members.active)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.shgs.title')}</caption>
            <tbody>
              {(['active', 'dormant', 'closed', 'preExisting', 'bankAccounts', 'inVo'] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{t(`mis.shgs.${k}`)}</th>
                  <td className="num">{fmt.number(mis.shgs[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {federations.length > 0 && (
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.federations.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mis.federations.level')}</th>
                <th scope="col" className="num">
                  {t('mis.federations.count')}
                </th>
                <th scope="col" className="num">
                  {t('mis.federations.members')}
                </th>
                <th scope="col" className="num">
                  {t('mis.federations.lent')}
                </th>
                <th scope="col" className="num">
                  {t('mis.federations.cifOwed')}
                </th>
              </tr>
            </thead>
            <tbody>
              {federations.map((f) => (
                <tr key={f.level}>
                  <th scope="row">{valueLabel(t, 'kind', f.level)}</th>
                  <td className="num">{fmt.number(f.count)}</td>
                  <td className="num">{fmt.number(f.memberInstitutions)}</td>
                  <td className="num">
                    <Money paise={f.lentOutstandingPaise} />
                  </td>
                  <td className="num">
                    <Money paise={f.cifOwedPaise} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {mis.breakdown.length > 0 && (
        <div className="table-wrap">
          <table className="report-table">
            <caption>{t('mis.breakdown.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mis.breakdown.name')}</th>
                <th scope="col" className="num">
                  {t('mis.fig.shgs')}
                </th>
                <th scope="col" className="num">
                  {t('mis.fig.members')}
                </th>
                <th scope="col" className="num">
                  {t('mis.fig.savings')}
                </th>
                <th scope="col" className="num">
                  {t('mis.loans.internal')}
                </th>
                <th scope="col" className="num">
                  {t('mis.breakdown.external')}
                </th>
                <th scope="col" className="num">
                  {t('mis.fig.repaymentRate')}
                </th>
                <th scope="col" className="num">
                  {t('mis.fig.par')}
                </th>
              </tr>
            </thead>
            <tbody>
              {mis.breakdown.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={r.kind === 'shg' ? href({ name: 'shg', shgId: r.id, tab: 'overview' }) : href({ name: 'node', nodeId: r.id, section: 'mis', params: { asOf: mis.asOf } })}>{r.name}</a>{' '}
                    <span className="muted">{valueLabel(t, 'kind', r.kind)}</span>
                  </th>
                  <td className="num">{fmt.number(r.shgs)}</td>
                  <td className="num">{fmt.number(r.members)}</td>
                  <td className="num">
                    <Money paise={r.savingsPaise} />
                  </td>
                  <td className="num">
                    <Money paise={r.internalLoansPaise} />
                  </td>
                  <td className="num">
                    <Money paise={r.externalLoansPaise} />
                  </td>
                  <td className="num">{fmt.percent(r.repaymentRate)}</td>
                  <td className="num">{fmt.percent(r.atRiskPercent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        {mis.ruleSet.id ? t('mis.ruleSetLine', { version: fmt.number(mis.ruleSet.version), date: fmt.date(mis.ruleSet.effectiveFrom) }) : t('mis.ruleSetBuiltIn')}
      </p>
    </>
  );
}
