import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRupees } from '@khata/core/money';
import { api, ApiError } from '../../api.ts';
import { microBusinessApi, type CaseRecord, type PlanVersion, type ProgrammeCurrency } from '../../api/micro-business.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import { money, monthLabel } from './money.ts';
import { CashFlowTable } from './CashFlowTable.tsx';
import { PlanForm } from './PlanForm.tsx';
import { RiskForm, RiskHandledButton, SupportForm, WorkshopForm } from './CaseForms.tsx';

/**
 * #/cases/:id — one participant's case, for a user assigned to it (anyone else gets "not found"): her details
 * (folded away until asked for), the business plan with its break-even and 12-month cash flow, results against the
 * plan, risks, support, workshops and coaching visits, with forms for a visit and a month's results.
 */
export default function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  // Reloading after a form keeps the page (and the form's "saved" line) on screen until the new record comes.
  const state = useLoad((signal) => microBusinessApi.caseRecord(caseId, { signal }), [caseId]);
  const reload = state.reload;
  return (
    <section className="case-page">
      <p className="no-print">
        <a href={href({ name: 'cases' })}>← {t('mb.myCases')}</a>
      </p>
      <Loaded state={state}>{(record) => <CaseView record={record} onChange={reload} />}</Loaded>
    </section>
  );
}

export function CaseView({ record, onChange }: { record: CaseRecord; onChange: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const c = record.case;
  const currency = c.partner.currency;
  const [plan, ...earlier] = record.plans;
  return (
    <>
      <h1>
        {t('mb.caseTitle', { code: c.code })} <span className="badge">{valueLabel(t, 'mbStatus', c.status)}</span>
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('mb.partner')}</dt>
          <dd>{c.partner.name}</dd>
        </div>
        <div>
          <dt>{t('mb.openedOn')}</dt>
          <dd>{fmt.date(c.openedOn)}</dd>
        </div>
        <div>
          <dt>{t('mb.business')}</dt>
          <dd>{c.businessKind ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('mb.caseWorkers')}</dt>
          <dd>{record.assignments.filter((a) => a.to === null || a.to >= todayIso()).map((a) => a.userName).join(', ')}</dd>
        </div>
      </dl>
      <details className="participant">
        <summary>{t('mb.showParticipant')}</summary>
        <dl className="facts">
          <div>
            <dt>{t('mb.participant')}</dt>
            <dd>{record.participant.name}</dd>
          </div>
          <div>
            <dt>{t('mb.phone')}</dt>
            <dd>{record.participant.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('mb.address')}</dt>
            <dd>{record.participant.address ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('mb.identityNumbers')}</dt>
            <dd>{record.participant.identityNumbers.map((i) => `${i.kind}: ${i.number}`).join('; ') || '—'}</dd>
          </div>
        </dl>
        {record.participant.story && (
          <>
            <h3>{t('mb.story')}</h3>
            <p className="story">{record.participant.story}</p>
          </>
        )}
      </details>

      <h2>{t('mb.plan')}</h2>
      {plan ? <PlanView plan={plan} currency={currency} /> : <Empty>{t('mb.noPlan')}</Empty>}
      {c.status !== 'closed' && <PlanForm caseId={c.id} currency={currency} current={plan} onDone={onChange} />}
      {earlier.length > 0 && (
        <details>
          <summary>{t('mb.earlierVersions', { n: fmt.number(earlier.length) })}</summary>
          <ul>
            {earlier.map((p) => (
              <li key={p.id}>
                {t('mb.versionLine', { version: fmt.number(p.version), date: fmt.date(p.drawnUpOn), month: monthLabel(fmt, p.startsIn) })}: {p.business}
                {p.computed?.breakEven && ` — ${t('mb.breakEvenShort', { units: fmt.number(p.computed.breakEven.unitsPerMonth), unit: p.figures.unitName })}`}
              </li>
            ))}
          </ul>
        </details>
      )}

      <h2>{t('mb.results')}</h2>
      <ResultsTable record={record} currency={currency} />
      {c.status !== 'closed' && <ResultForm caseId={c.id} onDone={onChange} />}

      <h2>{t('mb.risks')}</h2>
      {record.risks.length === 0 ? (
        <Empty>{t('mb.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mb.risk')}</th>
                <th scope="col">{t('mb.likelihood')}</th>
                <th scope="col">{t('mb.mitigation')}</th>
                <th scope="col">{t('mb.status')}</th>
              </tr>
            </thead>
            <tbody>
              {record.risks.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.risk}</th>
                  <td>{valueLabel(t, 'mbLikelihood', r.likelihood)}</td>
                  <td>{r.mitigation}</td>
                  <td>
                    {valueLabel(t, 'mbRiskStatus', r.status)}
                    {r.status === 'open' && c.status !== 'closed' && (
                      <>
                        {' '}
                        <RiskHandledButton caseId={c.id} risk={r} onDone={onChange} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {c.status !== 'closed' && <RiskForm caseId={c.id} onDone={onChange} />}

      <h2>{t('mb.support')}</h2>
      {record.support.length === 0 ? (
        <Empty>{t('mb.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mb.stakeholder')}</th>
                <th scope="col">{t('mb.supportKind')}</th>
                <th scope="col">{t('mb.supportGiven')}</th>
                <th scope="col">{t('mb.since')}</th>
              </tr>
            </thead>
            <tbody>
              {record.support.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.stakeholder}</th>
                  <td>{valueLabel(t, 'mbSupportKind', s.kind)}</td>
                  <td>{s.support}</td>
                  <td>
                    {fmt.date(s.since)}
                    {s.until ? ` – ${fmt.date(s.until)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {c.status !== 'closed' && <SupportForm caseId={c.id} onDone={onChange} />}

      <h2>{t('mb.workshops')}</h2>
      {record.workshops.length === 0 ? (
        <Empty>{t('mb.none')}</Empty>
      ) : (
        <ul>
          {record.workshops.map((w) => (
            <li key={w.id}>
              {w.title} — {fmt.date(w.startsOn)}: {t('mb.daysAttended', { attended: fmt.number(w.daysAttended), days: fmt.number(w.days) })}
            </li>
          ))}
        </ul>
      )}

      {c.status !== 'closed' && <WorkshopForm caseId={c.id} onDone={onChange} />}

      <h2>{t('mb.visits')}</h2>
      {c.status !== 'closed' && <VisitForm caseId={c.id} onDone={onChange} />}
      {record.visits.length === 0 ? (
        <Empty>{t('mb.noVisits')}</Empty>
      ) : (
        record.visits.map((v) => (
          <article key={v.id} className="card visit">
            <h3>
              {fmt.dateLong(v.visitedOn)} <span className="muted">· {v.visitedBy}</span>
            </h3>
            <p>{v.notes}</p>
            <p>
              <strong>{t('mb.nextSteps')}:</strong> {v.nextSteps}
            </p>
            {v.nextVisitOn && <p className="muted">{t('mb.nextVisitOn', { date: fmt.date(v.nextVisitOn) })}</p>}
          </article>
        ))
      )}
    </>
  );
}

function PlanView({ plan, currency }: { plan: PlanVersion; currency: ProgrammeCurrency }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = (minor: number | null | undefined) => money(fmt, currency, minor);
  const c = plan.computed;
  const f = plan.figures;
  return (
    <>
      <p>
        {plan.business}{' '}
        <span className="muted">
          ({t('mb.versionLine', { version: fmt.number(plan.version), date: fmt.date(plan.drawnUpOn), month: monthLabel(fmt, plan.startsIn) })})
        </span>
      </p>
      {plan.reason && <p className="muted">{t('mb.revisedBecause', { reason: plan.reason })}</p>}
      {c && (
        <dl className="facts">
          <div>
            <dt>{t('mb.investment')}</dt>
            <dd>{m(c.totalInvestmentMinor)}</dd>
          </div>
          <div>
            <dt>{t('mb.funding')}</dt>
            <dd>
              {m(c.totalFundingMinor)}
              {c.fundingGapMinor > 0 && <span className="attention"> ({t('mb.fundingGap', { amount: m(c.fundingGapMinor) })})</span>}
            </dd>
          </div>
          <div>
            <dt>{t('mb.price')}</dt>
            <dd>{t('mb.perUnit', { amount: m(f.priceMinor), unit: f.unitName })}</dd>
          </div>
          <div>
            <dt>{t('mb.runningCostPerUnit')}</dt>
            <dd>{t('mb.perUnit', { amount: m(c.runningCostPerUnitMinor), unit: f.unitName })}</dd>
          </div>
          <div>
            <dt>{t('mb.fixedCosts')}</dt>
            <dd>{t('mb.perMonth', { amount: m(c.fixedCostsMonthlyMinor) })}</dd>
          </div>
          <div>
            <dt>{t('mb.breakEven')}</dt>
            <dd className="strong">
              {c.breakEven ? t('mb.breakEvenValue', { units: fmt.number(c.breakEven.unitsPerMonth), unit: f.unitName, sales: m(c.breakEven.salesMinor) }) : t('mb.noBreakEven')}
            </dd>
          </div>
          <div>
            <dt>{t('mb.payback')}</dt>
            <dd>{c.paybackMonth ? t('mb.paybackMonth', { n: fmt.number(c.paybackMonth) }) : t('mb.noPayback')}</dd>
          </div>
        </dl>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('mb.planLines')}</caption>
          <tbody>
            {f.investment.map((i, k) => (
              <tr key={`i${k}`}>
                <th scope="row">{t('mb.investment')}: {i.item}</th>
                <td className="num">{m(i.amountMinor)}</td>
              </tr>
            ))}
            {f.funding.map((x, k) => (
              <tr key={`f${k}`}>
                <th scope="row">{t('mb.funding')}: {valueLabel(t, 'mbFunding', x.source)}</th>
                <td className="num">{m(x.amountMinor)}</td>
              </tr>
            ))}
            {f.fixedCosts.map((x, k) => (
              <tr key={`x${k}`}>
                <th scope="row">{t('mb.fixedCosts')}: {x.item}</th>
                <td className="num">{t('mb.perMonth', { amount: m(x.monthlyMinor) })}</td>
              </tr>
            ))}
            {f.runningCosts.map((x, k) => (
              <tr key={`r${k}`}>
                <th scope="row">{t('mb.runningCosts')}: {x.item}</th>
                <td className="num">{t('mb.perUnit', { amount: m(x.perUnitMinor), unit: f.unitName })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c && <CashFlowTable months={c.months} startsIn={plan.startsIn} unitName={f.unitName} fmt={fmt} currency={currency} />}
    </>
  );
}

function ResultsTable({ record, currency }: { record: CaseRecord; currency: ProgrammeCurrency }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = (minor: number | null | undefined) => money(fmt, currency, minor);
  if (record.results.length === 0) return <Empty>{t('mb.noResults')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('mb.month')}</th>
            <th scope="col" className="num">{t('mb.sales')}</th>
            <th scope="col" className="num">{t('mb.costs')}</th>
            <th scope="col" className="num">{t('mb.profit')}</th>
            <th scope="col" className="num">{t('mb.plannedProfit')}</th>
            <th scope="col" className="num">{t('mb.againstPlan')}</th>
          </tr>
        </thead>
        <tbody>
          {record.results.map((r) => (
            <tr key={r.month}>
              <th scope="row">{monthLabel(fmt, r.month)}</th>
              <td className="num">{m(r.actual.salesMinor)}</td>
              <td className="num">{m(r.actual.costsMinor)}</td>
              <td className={`num${r.actual.profitMinor < 0 ? ' negative' : ''}`}>{m(r.actual.profitMinor)}</td>
              <td className="num">{r.planned ? m(r.planned.profitMinor) : '—'}</td>
              <td className={`num${r.variance && r.variance.profitMinor < 0 ? ' negative' : ''}`}>
                {r.variance ? `${r.variance.profitMinor > 0 ? '+' : ''}${m(r.variance.profitMinor)}` : t('mb.noPlanThatMonth')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Amount text in the partner's currency → minor units, or an error naming the field. */
function amount(text: string, field: string): number {
  const r = parseRupees(text, field);
  if (!r.ok) throw new ApiError(400, { code: 'VALIDATION_FAILED', message: r.problems[0]!.message, field, problems: r.problems });
  return r.value;
}

function ResultForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const [sales, setSales] = useState('');
  const [costs, setCosts] = useState('');
  const [units, setUnits] = useState('');
  const [replace, setReplace] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const payload = { caseId, month, salesMinor: amount(sales, 'salesMinor'), costsMinor: amount(costs, 'costsMinor'), unitsSold: units === '' ? null : Number(units), replace };
      await api.command('record-business-result', payload);
      setSales('');
      setCosts('');
      setUnits('');
      setReplace(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card no-print" onSubmit={(e) => void submit(e)}>
      <h3>{t('mb.resultForm.title')}</h3>
      <div className="field">
        <label htmlFor="mb-r-month">{t('mb.month')}</label>
        <input id="mb-r-month" type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-r-sales">{t('mb.resultForm.sales')}</label>
        <input id="mb-r-sales" inputMode="decimal" required value={sales} onChange={(e) => setSales(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-r-costs">{t('mb.resultForm.costs')}</label>
        <input id="mb-r-costs" inputMode="decimal" required value={costs} onChange={(e) => setCosts(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-r-units">{t('mb.resultForm.units')}</label>
        <input id="mb-r-units" type="number" min={0} step={1} value={units} onChange={(e) => setUnits(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        {t('mb.resultForm.replace')}
      </label>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" disabled={busy}>
        {t('mb.resultForm.submit')}
      </button>
    </form>
  );
}

function VisitForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [visitedOn, setVisitedOn] = useState(todayIso());
  const [notes, setNotes] = useState('');
  const [nextSteps, setNextSteps] = useState('');
  const [nextVisitOn, setNextVisitOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.command('record-coaching-visit', { visitId: crypto.randomUUID(), caseId, visitedOn, notes, nextSteps, nextVisitOn: nextVisitOn || null });
      setNotes('');
      setNextSteps('');
      setNextVisitOn('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card no-print" onSubmit={(e) => void submit(e)}>
      <h3>{t('mb.visitForm.title')}</h3>
      <div className="field">
        <label htmlFor="mb-v-date">{t('mb.visitForm.date')}</label>
        <input id="mb-v-date" type="date" required value={visitedOn} onChange={(e) => setVisitedOn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-v-notes">{t('mb.visitForm.notes')}</label>
        <textarea id="mb-v-notes" required rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-v-next">{t('mb.nextSteps')}</label>
        <textarea id="mb-v-next" required rows={2} value={nextSteps} onChange={(e) => setNextSteps(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="mb-v-nextdate">{t('mb.visitForm.nextVisit')}</label>
        <input id="mb-v-nextdate" type="date" value={nextVisitOn} onChange={(e) => setNextVisitOn(e.target.value)} />
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" disabled={busy}>
        {t('mb.visitForm.submit')}
      </button>
    </form>
  );
}
