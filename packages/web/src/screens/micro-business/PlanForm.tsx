import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCY_SYMBOL, type ProgrammeCurrency } from '@khata/core/business-plan';
import { api } from '../../api.ts';
import type { PlanVersion } from '../../api/micro-business.ts';
import { ErrorMessage, useFmt } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import { CashFlowTable } from './CashFlowTable.tsx';
import { money } from './money.ts';
import { emptyPlanForm, FUNDING_SOURCES, livePlan, planFormFrom, planPayload, type PlanFormState, type PlanLine } from './plan-form.ts';

/**
 * Draw up (or revise) her business plan. Every save is a new version; a revision starts from the version in force.
 * Break-even, payback and the 12-month cash flow are worked out as she types, in the browser, by core's own rules.
 */
export function PlanForm({ caseId, currency, current, onDone, initial }: { caseId: string; currency: ProgrammeCurrency; current: PlanVersion | undefined; onDone: () => void; initial?: PlanFormState }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initial !== undefined);
  const [form, setForm] = useState<PlanFormState>(() => initial ?? (current ? planFormFrom(current, todayIso()) : emptyPlanForm(todayIso())));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  if (!open) {
    return (
      <p className="no-print">
        {saved !== null && (
          <span role="status" className="ok">
            {t('mb.planForm.saved', { version: saved })}{' '}
          </span>
        )}
        <button type="button" className="primary" onClick={() => (setForm(current ? planFormFrom(current, todayIso()) : emptyPlanForm(todayIso())), setOpen(true))}>
          {current ? t('mb.planForm.revise') : t('mb.planForm.start')}
        </button>
      </p>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.command<{ version: number }>('draw-up-business-plan', planPayload(form, { caseId, planId: crypto.randomUUID() }, current !== undefined));
      setSaved(r.result.version);
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card plan-form no-print" onSubmit={(e) => void submit(e)} aria-labelledby="plan-form-title">
      <h3 id="plan-form-title">{current ? t('mb.planForm.titleRevise', { version: current.version + 1 }) : t('mb.planForm.title')}</h3>
      <p className="muted">{t('mb.planForm.intro', { symbol: CURRENCY_SYMBOL[currency] })}</p>
      <PlanFields form={form} setForm={setForm} revising={current !== undefined} />
      <LiveFigures form={form} currency={currency} />
      {error !== null && <ErrorMessage error={error} />}
      <div className="inline-fields">
        <button type="submit" className="primary" disabled={busy}>
          {t('mb.planForm.submit')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('mb.planForm.cancel')}
        </button>
      </div>
    </form>
  );
}

function PlanFields({ form, setForm, revising }: { form: PlanFormState; setForm: (f: PlanFormState) => void; revising: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof PlanFormState>(k: K, v: PlanFormState[K]) => setForm({ ...form, [k]: v });
  const [sameUnits, setSameUnits] = useState('');
  return (
    <>
      <div className="field">
        <label htmlFor="plan-business">{t('mb.planForm.business')}</label>
        <input id="plan-business" value={form.business} onChange={(e) => set('business', e.target.value)} required />
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="plan-starts">{t('mb.planForm.startsIn')}</label>
          <input id="plan-starts" type="month" value={form.startsIn} onChange={(e) => set('startsIn', e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="plan-drawn">{t('mb.planForm.drawnUpOn')}</label>
          <input id="plan-drawn" type="date" value={form.drawnUpOn} onChange={(e) => set('drawnUpOn', e.target.value)} required />
        </div>
      </div>
      {revising && (
        <div className="field">
          <label htmlFor="plan-reason">{t('mb.planForm.reason')}</label>
          <input id="plan-reason" value={form.reason} onChange={(e) => set('reason', e.target.value)} />
        </div>
      )}
      <h4>{t('mb.planForm.whatSheSells')}</h4>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="plan-unit">{t('mb.planForm.unitName')}</label>
          <input id="plan-unit" value={form.unitName} onChange={(e) => set('unitName', e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="plan-price">{t('mb.planForm.price')}</label>
          <input id="plan-price" inputMode="decimal" value={form.price} onChange={(e) => set('price', e.target.value)} required />
        </div>
      </div>
      <Lines id="plan-running" title={t('mb.planForm.runningCosts')} itemLabel={t('mb.planForm.item')} amountLabel={t('mb.planForm.perUnitAmount')} lines={form.runningCosts} onChange={(l) => set('runningCosts', l)} />
      <Lines id="plan-fixed" title={t('mb.planForm.fixedCosts')} itemLabel={t('mb.planForm.item')} amountLabel={t('mb.planForm.monthlyAmount')} lines={form.fixedCosts} onChange={(l) => set('fixedCosts', l)} />
      <Lines id="plan-investment" title={t('mb.planForm.investment')} itemLabel={t('mb.planForm.item')} amountLabel={t('mb.planForm.amount')} lines={form.investment} onChange={(l) => set('investment', l)} />
      <fieldset className="plain">
        <legend>{t('mb.planForm.funding')}</legend>
        <ul className="lines">
          {form.funding.map((line, i) => (
            <li key={i}>
              <div className="field">
                <label htmlFor={`plan-funding-${i}-source`}>{t('mb.planForm.source')}</label>
                <select id={`plan-funding-${i}-source`} value={line.source} onChange={(e) => set('funding', form.funding.map((x, k) => (k === i ? { ...x, source: e.target.value as typeof line.source } : x)))}>
                  {FUNDING_SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {valueLabel(t, 'mbFunding', s)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`plan-funding-${i}-amount`}>{t('mb.planForm.amount')}</label>
                <input id={`plan-funding-${i}-amount`} inputMode="decimal" value={line.amount} onChange={(e) => set('funding', form.funding.map((x, k) => (k === i ? { ...x, amount: e.target.value } : x)))} />
              </div>
              <button type="button" onClick={() => set('funding', form.funding.filter((_, k) => k !== i))} aria-label={t('mb.planForm.removeLine', { n: i + 1 })}>
                {t('mb.planForm.remove')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => set('funding', [...form.funding, { source: 'own-savings', amount: '' }])}>
          {t('mb.planForm.addLine')}
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor="plan-loan">{t('mb.planForm.loanRepayment')}</label>
        <input id="plan-loan" inputMode="decimal" value={form.loanRepayment} onChange={(e) => set('loanRepayment', e.target.value)} />
      </div>
      <fieldset className="plain">
        <legend>{t('mb.planForm.expectedUnits', { unit: form.unitName || t('mb.planForm.units') })}</legend>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="plan-same">{t('mb.planForm.sameEveryMonth')}</label>
            <input id="plan-same" type="number" min={0} step={1} value={sameUnits} onChange={(e) => setSameUnits(e.target.value)} />
          </div>
          <button type="button" onClick={() => set('expectedUnits', form.expectedUnits.map(() => sameUnits))} disabled={sameUnits.trim() === ''}>
            {t('mb.planForm.fillAll')}
          </button>
        </div>
        <div className="months">
          {form.expectedUnits.map((u, m) => (
            <div className="field" key={m}>
              <label htmlFor={`plan-units-${m}`}>{t('mb.planForm.monthN', { n: m + 1 })}</label>
              <input id={`plan-units-${m}`} type="number" min={0} step={1} inputMode="numeric" value={u} onChange={(e) => set('expectedUnits', form.expectedUnits.map((x, k) => (k === m ? e.target.value : x)))} />
            </div>
          ))}
        </div>
      </fieldset>
    </>
  );
}

function Lines({ id, title, itemLabel, amountLabel, lines, onChange }: { id: string; title: string; itemLabel: string; amountLabel: string; lines: PlanLine[]; onChange: (l: PlanLine[]) => void }) {
  const { t } = useTranslation();
  const change = (i: number, patch: Partial<PlanLine>) => onChange(lines.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="plain">
      <legend>{title}</legend>
      <ul className="lines">
        {lines.map((line, i) => (
          <li key={i}>
            <div className="field">
              <label htmlFor={`${id}-${i}-item`}>{itemLabel}</label>
              <input id={`${id}-${i}-item`} value={line.item} onChange={(e) => change(i, { item: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${i}-amount`}>{amountLabel}</label>
              <input id={`${id}-${i}-amount`} inputMode="decimal" value={line.amount} onChange={(e) => change(i, { amount: e.target.value })} />
            </div>
            <button type="button" onClick={() => onChange(lines.filter((_, k) => k !== i))} aria-label={t('mb.planForm.removeLine', { n: i + 1 })}>
              {t('mb.planForm.remove')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onChange([...lines, { item: '', amount: '' }])}>
        {t('mb.planForm.addLine')}
      </button>
    </fieldset>
  );
}

/** Break-even, payback, what is still missing, and the cash flow — of the figures as typed so far. */
export function LiveFigures({ form, currency }: { form: PlanFormState; currency: ProgrammeCurrency }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const live = useMemo(() => livePlan(form), [form]);
  const m = (minor: number) => money(fmt, currency, minor);
  const c = live.computation;
  const unit = live.figures.unitName || t('mb.planForm.units');
  return (
    <section className="plan-live" aria-live="polite" aria-labelledby="plan-live-title">
      <h4 id="plan-live-title">{t('mb.planForm.liveTitle')}</h4>
      {live.problems.length > 0 && (
        <ul className="error-inline">
          {live.problems.map((p, i) => (
            <li key={i}>{t('mb.planForm.cannotRead', { field: fieldName(t, p.field) })}</li>
          ))}
        </ul>
      )}
      {!c ? (
        <p className="muted">{t('mb.planForm.needPrice')}</p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('mb.breakEven')}</dt>
              <dd className="strong" data-testid="live-break-even">
                {c.breakEven ? t('mb.breakEvenValue', { units: fmt.number(c.breakEven.unitsPerMonth), unit, sales: m(c.breakEven.salesMinor) }) : t('mb.noBreakEven')}
              </dd>
            </div>
            <div>
              <dt>{t('mb.planForm.marginPerUnit')}</dt>
              <dd>{t('mb.perUnit', { amount: m(c.marginPerUnitMinor), unit })}</dd>
            </div>
            <div>
              <dt>{t('mb.investment')}</dt>
              <dd>
                {m(c.totalInvestmentMinor)}
                {c.fundingGapMinor > 0 && <span className="attention"> ({t('mb.fundingGap', { amount: m(c.fundingGapMinor) })})</span>}
              </dd>
            </div>
            <div>
              <dt>{t('mb.payback')}</dt>
              <dd>{c.paybackMonth ? t('mb.paybackMonth', { n: fmt.number(c.paybackMonth) }) : t('mb.noPayback')}</dd>
            </div>
            <div>
              <dt>{t('mb.planForm.yearProfit')}</dt>
              <dd className={c.totals.profitMinor < 0 ? 'negative' : undefined}>{m(c.totals.profitMinor)}</dd>
            </div>
            {c.firstCashShortMonth && (
              <div>
                <dt>{t('mb.planForm.cashShort')}</dt>
                <dd className="attention">{t('mb.planForm.cashShortMonth', { n: fmt.number(c.firstCashShortMonth) })}</dd>
              </div>
            )}
          </dl>
          <CashFlowTable months={c.months} startsIn={form.startsIn} unitName={unit} fmt={fmt} currency={currency} />
        </>
      )}
    </section>
  );
}

function fieldName(t: (k: string, o?: Record<string, unknown>) => string, field: string | undefined): string {
  const m = /^figures\.(investment|funding|fixedCosts|runningCosts|expectedUnits)\.(\d+)/.exec(field ?? '');
  if (m) {
    const n = Number(m[2]) + 1;
    if (m[1] === 'expectedUnits') return t('mb.planForm.monthN', { n });
    return `${t(`mb.planForm.${m[1]}`)} ${n}`;
  }
  if (field === 'figures.priceMinor') return t('mb.planForm.price');
  if (field === 'figures.loanRepaymentMonthlyMinor') return t('mb.planForm.loanRepayment');
  return field ?? '';
}
