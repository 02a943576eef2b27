import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { bankLinkageApi, type ApplicationDetail as Detail, type ApplicationLoan } from '../../api/bank-linkage.ts';
import { Empty, ErrorMessage, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { rupeesToPaise, today } from './form.ts';
import { checkText } from './checks.ts';

/** One application: its eligibility check by check, the bank's decision, the loan received and subvention credited. */
export function ApplicationDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => bankLinkageApi.application(id, { signal }), [id]);
  return (
    <section>
      <p className="no-print">
        <button type="button" onClick={onBack}>
          {t('bankLinkage.back')}
        </button>
      </p>
      <Loaded state={state}>
        {({ application: a, loan }) => {
          const e = a.eligibility;
          return (
            <>
              <h2>{t('bankLinkage.detail.title', { shg: a.shgName })}</h2>
              <dl className="facts">
                <Fact label={t('bankLinkage.col.status')}>{valueLabel(t, 'bankLinkage.status', a.status)}</Fact>
                <Fact label={t('bankLinkage.col.bank')}>
                  {a.bankName}
                  {a.branchName ? `, ${a.branchName}` : ''}
                </Fact>
                <Fact label={t('bankLinkage.col.product')}>{valueLabel(t, 'bankLinkage.product', a.product)}</Fact>
                <Fact label={t('bankLinkage.col.amountRequested')}>
                  <Money paise={a.amountRequestedPaise} />
                </Fact>
                <Fact label={t('bankLinkage.form.purpose')}>{a.purpose ?? '—'}</Fact>
                <Fact label={t('bankLinkage.col.submittedOn')}>
                  {fmt.date(a.submittedOn)} ({a.submittedBy})
                </Fact>
              </dl>

              <h3>{t('bankLinkage.detail.eligibility')}</h3>
              <p>
                <strong className={a.eligible ? undefined : 'attention'}>
                  {a.eligible ? t('bankLinkage.detail.eligible', { date: fmt.date(e.date) }) : t('bankLinkage.detail.notEligible', { date: fmt.date(e.date) })}
                </strong>
              </p>
              <ul className="checks">
                {e.checks.map((c, i) => (
                  <li key={i} className={c.met ? undefined : 'attention'}>
                    <span aria-hidden="true">{c.met ? '✓ ' : '✗ '}</span>
                    <span className="visually-hidden">{c.met ? t('bankLinkage.met') : t('bankLinkage.notMet')}: </span>
                    {checkText(t, fmt, c)}
                  </li>
                ))}
              </ul>
              <p>
                {t('bankLinkage.detail.corpus', { amount: fmt.money(e.corpus.corpusPaise), savings: fmt.money(e.corpus.savingsPaise), interest: fmt.money(e.corpus.interestPaise), rf: fmt.money(e.corpus.revolvingFundPaise) })}
              </p>
              <p>{t('bankLinkage.detail.dose', { dose: fmt.number(a.dose), limit: fmt.money(a.doseLimitPaise) })}</p>
              <p className="muted">{t('bankLinkage.detail.rules', { version: fmt.number(e.ruleSet.version), date: e.ruleSet.version === 0 ? '—' : fmt.date(e.ruleSet.effectiveFrom) })}</p>

              <h3>{t('bankLinkage.decision.title')}</h3>
              <Decision a={a} onSaved={state.reload} />

              <h3>{t('bankLinkage.loan.title')}</h3>
              <Loan a={a} loan={loan} onSaved={state.reload} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Sends a command; shows the server's problems; reloads on success. */
function useCommand(onSaved: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (type: string, payload: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await api.command(type, payload);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, send };
}

function Decision({ a, onSaved }: { a: Detail; onSaved: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { error, busy, send } = useCommand(onSaved);
  const [f, setF] = useState({ decision: 'sanctioned' as 'sanctioned' | 'rejected', date: today(), amount: '', rate: '', months: '', overrideReason: '', reason: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  if (a.status === 'rejected') return <p>{t('bankLinkage.decision.rejectedText', { date: fmt.date(a.decidedOn), reason: a.rejectionReason ?? '' })}</p>;
  if (a.status !== 'submitted') {
    return (
      <>
        <p>
          {t('bankLinkage.decision.sanctionedText', {
            amount: fmt.money(a.sanctionedPaise),
            rate: fmt.digits(a.sanctionedRatePercent ?? ''),
            months: fmt.number(a.sanctionedTermMonths),
            date: fmt.date(a.decidedOn),
          })}
          {a.decidedBy ? ` (${a.decidedBy})` : ''}
        </p>
        {a.overrideReason && <p className="attention">{t('bankLinkage.decision.override', { reason: a.overrideReason })}</p>}
      </>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(
      'record-bank-decision',
      f.decision === 'rejected'
        ? { applicationId: a.id, decision: 'rejected', date: f.date, reason: f.reason }
        : {
            applicationId: a.id,
            decision: 'sanctioned',
            date: f.date,
            sanctionedPaise: rupeesToPaise(f.amount),
            annualRatePercent: f.rate,
            termMonths: f.months === '' ? null : Number(f.months),
            ...(f.overrideReason.trim() ? { overrideReason: f.overrideReason } : {}),
          },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('bankLinkage.decision.none')}</p>
      <fieldset>
        <legend>{t('bankLinkage.form.decision')}</legend>
        {(['sanctioned', 'rejected'] as const).map((d) => (
          <label key={d} className="check">
            <input type="radio" name="decision" value={d} checked={f.decision === d} onChange={set('decision')} />
            {valueLabel(t, 'bankLinkage.status', d)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="bd-date">{t('bankLinkage.form.date')}</label>
        <input id="bd-date" type="date" value={f.date} onChange={set('date')} />
      </div>
      {f.decision === 'sanctioned' ? (
        <>
          <div className="field">
            <label htmlFor="bd-amount">{t('bankLinkage.form.sanctionedAmount')}</label>
            <input id="bd-amount" inputMode="decimal" value={f.amount} onChange={set('amount')} />
            <small>{t('bankLinkage.detail.dose', { dose: fmt.number(a.dose), limit: fmt.money(a.doseLimitPaise) })}</small>
          </div>
          <div className="field">
            <label htmlFor="bd-rate">{t('bankLinkage.form.rate')}</label>
            <input id="bd-rate" inputMode="decimal" value={f.rate} onChange={set('rate')} />
          </div>
          <div className="field">
            <label htmlFor="bd-months">{t('bankLinkage.form.termMonths')}</label>
            <input id="bd-months" inputMode="numeric" value={f.months} onChange={set('months')} />
          </div>
          <div className="field">
            <label htmlFor="bd-override">{t('bankLinkage.form.overrideReason')}</label>
            <input id="bd-override" value={f.overrideReason} onChange={set('overrideReason')} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="bd-reason">{t('bankLinkage.form.rejectReason')}</label>
          <input id="bd-reason" value={f.reason} onChange={set('reason')} />
        </div>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('bankLinkage.form.recordDecision')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}

function Loan({ a, loan, onSaved }: { a: Detail; loan: ApplicationLoan | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (loan) {
    return (
      <>
        <p>
          {t('bankLinkage.loan.received', { amount: fmt.money(loan.kind === 'cash-credit' ? loan.limitPaise : loan.principalPaise), date: fmt.date(loan.disbursedOn) })}
          {loan.reference ? ` (${loan.reference})` : ''}
        </p>
        <p>{t('bankLinkage.loan.outstanding', { amount: fmt.money(loan.outstandingPaise) })}</p>
        <h3>{t('bankLinkage.credit.title')}</h3>
        {loan.subventionCredits.length === 0 ? (
          <Empty>{t('bankLinkage.credit.none')}</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('bankLinkage.credit.periodFrom')}</th>
                  <th scope="col">{t('bankLinkage.credit.periodTo')}</th>
                  <th scope="col">{t('bankLinkage.form.date')}</th>
                  <th scope="col" className="num">
                    {t('bankLinkage.col.creditedPaise')}
                  </th>
                  <th scope="col" className="num">
                    {t('bankLinkage.col.claimablePaise')}
                  </th>
                  <th scope="col">{t('bankLinkage.col.promptPayee')}</th>
                </tr>
              </thead>
              <tbody>
                {loan.subventionCredits.map((c) => (
                  <tr key={c.id}>
                    <td className="date">{fmt.date(c.periodFrom)}</td>
                    <td className="date">{fmt.date(c.periodTo)}</td>
                    <td className="date">{fmt.date(c.creditedOn)}</td>
                    <td className="num">
                      <Money paise={c.amountPaise} />
                    </td>
                    <td className="num">
                      <Money paise={c.computedPaise} />
                    </td>
                    <td>{c.promptPayee ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CreditForm loanId={loan.id} onSaved={onSaved} />
      </>
    );
  }
  if (a.status !== 'sanctioned') return <Empty>{t('bankLinkage.loan.none')}</Empty>;
  return <ReceiveForm a={a} onSaved={onSaved} />;
}

/** The money received: receive-external-loan naming this application, with the sanction's terms filled in. */
function ReceiveForm({ a, onSaved }: { a: Detail; onSaved: () => void }) {
  const { t } = useTranslation();
  const { error, busy, send } = useCommand(onSaved);
  const rupees = (p: number | null) => (p === null ? '' : (p / 100).toFixed(2));
  const [f, setF] = useState({ date: today(), amount: rupees(a.sanctionedPaise), reference: '', firstDraw: '0' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      loanId: crypto.randomUUID(),
      shgId: a.shgId,
      date: f.date,
      lender: 'bank',
      lenderName: [a.bankName, a.branchName].filter(Boolean).join(', '),
      ...(f.reference.trim() ? { reference: f.reference } : {}),
      annualRatePercent: a.sanctionedRatePercent ?? '',
      applicationId: a.id,
      ...(a.purpose ? { purpose: a.purpose.slice(0, 200) } : {}),
    };
    void send(
      'receive-external-loan',
      a.product === 'cash-credit'
        ? { ...common, kind: 'cash-credit', limitPaise: rupeesToPaise(f.amount), amountPaise: rupeesToPaise(f.firstDraw) }
        : { ...common, kind: 'term-loan', amountPaise: rupeesToPaise(f.amount), repayments: a.sanctionedTermMonths ?? undefined, every: 1, unit: 'months' },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('bankLinkage.loan.none')}</p>
      <div className="field">
        <label htmlFor="br-date">{t('bankLinkage.form.date')}</label>
        <input id="br-date" type="date" value={f.date} onChange={set('date')} />
      </div>
      <div className="field">
        <label htmlFor="br-amount">{a.product === 'cash-credit' ? t('bankLinkage.loan.limit') : t('bankLinkage.form.amount')}</label>
        <input id="br-amount" inputMode="decimal" value={f.amount} onChange={set('amount')} />
      </div>
      {a.product === 'cash-credit' && (
        <div className="field">
          <label htmlFor="br-first">{t('bankLinkage.loan.firstDraw')}</label>
          <input id="br-first" inputMode="decimal" value={f.firstDraw} onChange={set('firstDraw')} />
        </div>
      )}
      <div className="field">
        <label htmlFor="br-ref">{t('bankLinkage.loan.reference')}</label>
        <input id="br-ref" value={f.reference} onChange={set('reference')} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('bankLinkage.loan.record')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}

function CreditForm({ loanId, onSaved }: { loanId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const { error, busy, send } = useCommand(onSaved);
  const [f, setF] = useState({ periodFrom: '', periodTo: '', date: today(), amount: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send('record-subvention-credit', { id: crypto.randomUUID(), loanId, periodFrom: f.periodFrom, periodTo: f.periodTo, date: f.date, amountPaise: rupeesToPaise(f.amount) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <h4>{t('bankLinkage.credit.record')}</h4>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="bc-from">{t('bankLinkage.credit.periodFrom')}</label>
          <input id="bc-from" type="date" value={f.periodFrom} onChange={set('periodFrom')} />
        </div>
        <div className="field">
          <label htmlFor="bc-to">{t('bankLinkage.credit.periodTo')}</label>
          <input id="bc-to" type="date" value={f.periodTo} onChange={set('periodTo')} />
        </div>
        <div className="field">
          <label htmlFor="bc-date">{t('bankLinkage.form.date')}</label>
          <input id="bc-date" type="date" value={f.date} onChange={set('date')} />
        </div>
        <div className="field">
          <label htmlFor="bc-amount">{t('bankLinkage.form.amount')}</label>
          <input id="bc-amount" inputMode="decimal" value={f.amount} onChange={set('amount')} />
        </div>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('bankLinkage.credit.record')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
