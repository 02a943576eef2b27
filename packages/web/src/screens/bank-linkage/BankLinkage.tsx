import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import {
  APPLICATION_PRODUCTS,
  APPLICATION_STATUSES,
  bankLinkageApi,
  type ApplicationProduct,
  type ApplicationStatus,
  type ApplicationSummary,
  type ClaimsReport,
  type Eligibility,
  type ListFormat,
  type PendencyReport,
} from '../../api/bank-linkage.ts';
import { Empty, ErrorMessage, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { ApplicationDetail } from './ApplicationDetail.tsx';
import { checkText } from './checks.ts';
import { rupeesToPaise, today } from './form.ts';

const VIEWS = ['applications', 'pendency', 'claims', 'new'] as const;
type View = (typeof VIEWS)[number];


export function Downloads({ url }: { url: (format: ListFormat) => string }) {
  const { t } = useTranslation();
  return (
    <p className="no-print inline-fields">
      <a className="button-link" href={url('csv')} download>
        {t('bankLinkage.download.csv')}
      </a>
      <a className="button-link" href={url('xlsx')} download>
        {t('bankLinkage.download.xlsx')}
      </a>
    </p>
  );
}

/** A place's bank linkage: applications, pendency by age, subvention claims, and a new application. */
export default function BankLinkage({ detail, params }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [view, setView] = useState<View>('applications');
  const [selected, setSelected] = useState<string | null>(null);
  const open = (id: string) => setSelected(id);
  if (selected) return <ApplicationDetail id={selected} onBack={() => setSelected(null)} />;
  return (
    <section>
      <h2>{t('section.bankLinkage')}</h2>
      <div className="inline-fields no-print" role="group" aria-label={t('section.bankLinkage')}>
        {VIEWS.map((v) => (
          <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
            {t(`bankLinkage.view.${v}`)}
          </button>
        ))}
      </div>
      {view === 'applications' && <Applications nodeId={nodeId} onOpen={open} />}
      {view === 'pendency' && <Pendency nodeId={nodeId} asOf={params.asOf} onOpen={open} />}
      {view === 'claims' && <Claims nodeId={nodeId} from={params.from} to={params.to} />}
      {view === 'new' && <NewApplication nodeId={nodeId} onSaved={open} />}
    </section>
  );
}

function Applications({ nodeId, onOpen }: { nodeId: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const state = useLoad((signal) => bankLinkageApi.applications(nodeId, status || undefined, { signal }), [nodeId, status]);
  return (
    <>
      <div className="field">
        <label htmlFor="bl-status">{t('bankLinkage.col.status')}</label>
        <select id="bl-status" value={status} onChange={(e) => setStatus(e.target.value as ApplicationStatus | '')}>
          <option value="">{t('bankLinkage.filter.all')}</option>
          {APPLICATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {valueLabel(t, 'bankLinkage.status', s)}
            </option>
          ))}
        </select>
      </div>
      <Downloads url={(f) => bankLinkageApi.applicationsUrl(nodeId, status || undefined, f)} />
      <Loaded state={state}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{t('bankLinkage.noApplications')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('bankLinkage.col.submittedOn')}</th>
                    <th scope="col">{t('bankLinkage.col.shg')}</th>
                    <th scope="col">{t('bankLinkage.col.bank')}</th>
                    <th scope="col">{t('bankLinkage.col.product')}</th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.amountRequested')}
                    </th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.dose')}
                    </th>
                    <th scope="col">{t('bankLinkage.col.eligible')}</th>
                    <th scope="col">{t('bankLinkage.col.status')}</th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.sanctioned')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('bankLinkage.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <ApplicationRow key={a.id} a={a} onOpen={onOpen} fmtDate={fmt.date} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function ApplicationRow({ a, onOpen, fmtDate }: { a: ApplicationSummary; onOpen: (id: string) => void; fmtDate: (d: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <tr>
      <td className="date">{fmtDate(a.submittedOn)}</td>
      <th scope="row">
        {a.shgName} <span className="code">{a.shgCode}</span>
      </th>
      <td>
        {a.bankName}
        {a.branchName ? `, ${a.branchName}` : ''}
      </td>
      <td>{valueLabel(t, 'bankLinkage.product', a.product)}</td>
      <td className="num">
        <Money paise={a.amountRequestedPaise} />
      </td>
      <td className="num">{fmt.number(a.dose)}</td>
      <td className={a.eligible ? undefined : 'attention'}>{a.eligible ? t('common.yes') : t('bankLinkage.notEligibleCount', { n: fmt.number(a.reasonCount) })}</td>
      <td>{valueLabel(t, 'bankLinkage.status', a.status)}</td>
      <td className="num">{a.sanctionedPaise === null ? '—' : <Money paise={a.sanctionedPaise} />}</td>
      <td>
        <button type="button" onClick={() => onOpen(a.id)}>
          {t('bankLinkage.open')}
        </button>
      </td>
    </tr>
  );
}

function Pendency({ nodeId, asOf: initial, onOpen }: { nodeId: string; asOf: string | undefined; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [asOf, setAsOf] = useState(initial ?? today());
  const state = useLoad((signal) => bankLinkageApi.pendency(nodeId, asOf || undefined, { signal }), [nodeId, asOf]);
  return (
    <>
      <div className="field">
        <label htmlFor="bl-asof">{t('bankLinkage.form.asOf')}</label>
        <input id="bl-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
      </div>
      <Downloads url={(f) => bankLinkageApi.pendencyUrl(nodeId, asOf || undefined, f)} />
      <Loaded state={state}>
        {(p: PendencyReport) => (
          <>
            <h3>{t('bankLinkage.pendencyAsOf', { date: fmt.dateLong(p.asOf) })}</h3>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('bankLinkage.col.daysPending')}</th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.waitingDecision')}
                    </th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.waitingMoney')}
                    </th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.count')}
                    </th>
                    <th scope="col" className="num">
                      {t('bankLinkage.col.amount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.buckets.map((b) => (
                    <tr key={b.bucket}>
                      <th scope="row">{t(`bankLinkage.bucket.${b.bucket}`)}</th>
                      <td className="num">{fmt.number(b.submitted)}</td>
                      <td className="num">{fmt.number(b.sanctioned)}</td>
                      <td className={`num${b.bucket === 'over-60' && b.count > 0 ? ' attention' : ''}`}>{fmt.number(b.count)}</td>
                      <td className="num">
                        <Money paise={b.amountPaise} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('common.total')}</th>
                    <td className="num">{fmt.number(p.total.submitted)}</td>
                    <td className="num">{fmt.number(p.total.sanctioned)}</td>
                    <td className="num">{fmt.number(p.total.count)}</td>
                    <td className="num">
                      <Money paise={p.total.amountPaise} strong />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {p.rows.length === 0 ? (
              <Empty>{t('bankLinkage.noPending')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        {t('bankLinkage.col.ageDays')}
                      </th>
                      <th scope="col">{t('bankLinkage.col.shg')}</th>
                      <th scope="col">{t('bankLinkage.col.bank')}</th>
                      <th scope="col">{t('bankLinkage.col.status')}</th>
                      <th scope="col" className="num">
                        {t('bankLinkage.col.amountRequested')}
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">{t('bankLinkage.open')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.rows.map((r) => (
                      <tr key={r.id}>
                        <td className={`num${r.bucket === 'over-60' ? ' attention' : ''}`}>{fmt.number(r.ageDays)}</td>
                        <th scope="row">{r.shgName}</th>
                        <td>{r.bankName}</td>
                        <td>{valueLabel(t, 'bankLinkage.status', r.status)}</td>
                        <td className="num">
                          <Money paise={r.amountRequestedPaise} />
                        </td>
                        <td>
                          <button type="button" onClick={() => onOpen(r.id)}>
                            {t('bankLinkage.open')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

const CLAIM_MONEY = ['outstandingPaise', 'interestChargedPaise', 'interestAtSubventedRatePaise', 'subventionPaise', 'promptExtraPaise', 'claimablePaise', 'creditedPaise'] as const;

function Claims({ nodeId, from: initialFrom, to: initialTo }: { nodeId: string; from: string | undefined; to: string | undefined }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [period, setPeriod] = useState<{ from?: string | undefined; to?: string | undefined }>({ from: initialFrom, to: initialTo });
  const [from, setFrom] = useState(initialFrom ?? '');
  const [to, setTo] = useState(initialTo ?? '');
  const state = useLoad((signal) => bankLinkageApi.claims(nodeId, period, { signal }), [nodeId, period.from, period.to]);
  const show = (e: FormEvent) => {
    e.preventDefault();
    setPeriod({ from: from || undefined, to: to || undefined });
  };
  return (
    <>
      <form className="period-picker no-print" onSubmit={show}>
        <div className="field">
          <label htmlFor="bl-from">{t('bankLinkage.form.from')}</label>
          <input id="bl-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="bl-to">{t('bankLinkage.form.to')}</label>
          <input id="bl-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="submit">{t('bankLinkage.claims.show')}</button>
      </form>
      <Downloads url={(f) => bankLinkageApi.claimsUrl(nodeId, period, f)} />
      <Loaded state={state}>
        {(c: ClaimsReport) => (
          <>
            <h3>{t('bankLinkage.claims.period', { from: fmt.date(c.from), to: fmt.date(c.to) })}</h3>
            {c.rows.length === 0 ? (
              <Empty>{t('bankLinkage.noClaims')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('bankLinkage.col.bank')}</th>
                      <th scope="col">{t('bankLinkage.col.shg')}</th>
                      <th scope="col" className="num">
                        {t('bankLinkage.col.rate')}
                      </th>
                      <th scope="col" className="num">
                        {t('bankLinkage.col.days')}
                      </th>
                      {CLAIM_MONEY.map((k) => (
                        <th key={k} scope="col" className="num">
                          {t(`bankLinkage.col.${k}`)}
                        </th>
                      ))}
                      <th scope="col">{t('bankLinkage.col.promptPayee')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.rows.map((r) => (
                      <tr key={r.loanId}>
                        <td>
                          {r.bank}
                          {r.branch ? `, ${r.branch}` : ''}
                        </td>
                        <th scope="row">
                          {r.shgName} <span className="code">{r.reference ?? ''}</span>
                        </th>
                        <td className="num">{fmt.percent(r.annualRatePercent)}</td>
                        <td className="num">{fmt.number(r.days)}</td>
                        {CLAIM_MONEY.map((k) => (
                          <td key={k} className="num">
                            <Money paise={r[k]} />
                          </td>
                        ))}
                        <td className={r.promptPayee ? undefined : 'attention'} title={r.promptExplanation}>
                          {r.promptPayee ? t('common.yes') : t('common.no')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    {c.banks.map((b) => (
                      <tr key={b.bank}>
                        <th scope="row" colSpan={4}>
                          {t('bankLinkage.claims.bankTotal', { bank: b.bank, loans: fmt.number(b.loans) })}
                        </th>
                        {CLAIM_MONEY.map((k) => (
                          <td key={k} className="num">
                            <Money paise={b[k]} strong />
                          </td>
                        ))}
                        <td>{fmt.number(b.promptPayees)}</td>
                      </tr>
                    ))}
                  </tfoot>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function NewApplication({ nodeId, onSaved }: { nodeId: string; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const shgs = useLoad((signal) => api.shgs(nodeId, { signal }), [nodeId]);
  const [form, setForm] = useState({ shgId: '', bankName: '', branchName: '', product: 'term-loan' as ApplicationProduct, amount: '', purpose: '', date: today() });
  const [preview, setPreview] = useState<Eligibility | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setPreview(null);
  };
  const check = async () => {
    setError(null);
    try {
      setPreview(await bankLinkageApi.eligibility(form.shgId, form.date, form.product, rupeesToPaise(form.amount) ?? undefined));
    } catch (e) {
      setError(e);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const id = crypto.randomUUID();
    try {
      await api.command('submit-loan-application', {
        id,
        shgId: form.shgId,
        bankName: form.bankName,
        ...(form.branchName.trim() ? { branchName: form.branchName } : {}),
        product: form.product,
        amountRequestedPaise: rupeesToPaise(form.amount),
        ...(form.purpose.trim() ? { purpose: form.purpose } : {}),
        date: form.date,
      });
      onSaved(id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Loaded state={shgs}>
      {(groups) => (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="bl-shg">{t('bankLinkage.form.shg')}</label>
            <select id="bl-shg" value={form.shgId} onChange={set('shgId')} required>
              <option value="">{t('bankLinkage.form.chooseShg')}</option>
              {groups.map((g) => (
                <option key={String(g.id)} value={String(g.id)}>
                  {g.name} ({g.villageName})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bl-bank">{t('bankLinkage.form.bankName')}</label>
            <input id="bl-bank" value={form.bankName} onChange={set('bankName')} required />
          </div>
          <div className="field">
            <label htmlFor="bl-branch">{t('bankLinkage.form.branchName')}</label>
            <input id="bl-branch" value={form.branchName} onChange={set('branchName')} />
          </div>
          <div className="field">
            <label htmlFor="bl-product">{t('bankLinkage.form.product')}</label>
            <select id="bl-product" value={form.product} onChange={set('product')}>
              {APPLICATION_PRODUCTS.map((p) => (
                <option key={p} value={p}>
                  {valueLabel(t, 'bankLinkage.product', p)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bl-amount">{t('bankLinkage.form.amount')}</label>
            <input id="bl-amount" inputMode="decimal" value={form.amount} onChange={set('amount')} required />
          </div>
          <div className="field">
            <label htmlFor="bl-purpose">{t('bankLinkage.form.purpose')}</label>
            <input id="bl-purpose" value={form.purpose} onChange={set('purpose')} />
          </div>
          <div className="field">
            <label htmlFor="bl-date">{t('bankLinkage.form.date')}</label>
            <input id="bl-date" type="date" value={form.date} onChange={set('date')} required />
          </div>
          <p className="inline-fields">
            <button type="button" onClick={check} disabled={!form.shgId}>
              {t('bankLinkage.form.check')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {t('bankLinkage.form.submit')}
            </button>
          </p>
          {error !== null && <ErrorMessage error={error} />}
          {preview && (
            <div role="status">
              <p>
                <strong>{preview.eligible ? t('bankLinkage.detail.eligible', { date: fmt.date(preview.date) }) : t('bankLinkage.detail.notEligible', { date: fmt.date(preview.date) })}</strong>
              </p>
              <ul>
                {preview.checks.map((c, i) => (
                  <li key={i} className={c.met ? undefined : 'attention'}>
                    {c.met ? '✓ ' : '✗ '}
                    {checkText(t, fmt, c)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </form>
      )}
    </Loaded>
  );
}
