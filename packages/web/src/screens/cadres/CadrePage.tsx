import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { CADRE_STATUSES, cadresApi, type CadreDetail, type HonorariumPreview, type Institution, type ReviewFigures } from '../../api/cadres.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { payers } from './Cadres.tsx';
import { FormOutcome, rupeesToPaise, useSubmit } from './shared.tsx';

/** One cadre: who she is, her history, what she serves and who pays, her trainings, honorarium and reviews. */
export function CadrePage({ cadreId, institutions, typeName }: { cadreId: string; institutions: Institution[]; typeName: (code: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const state = useLoad((signal) => cadresApi.detail(cadreId, { signal }), [cadreId, version]);
  return (
    <Loaded state={state}>
      {(d) => (
        <article className="cadre-page">
          <h2>
            {d.cadre.name} <span className="badge">{typeName(d.cadre.cadreType)}</span> <span className="badge">{valueLabel(t, 'cadreStatus', d.cadre.status)}</span>
          </h2>
          <dl className="node-meta">
            <dt>{t('cadres.registeredAt')}</dt>
            <dd>{d.cadre.nodeName}</dd>
            {d.cadre.shgName && (
              <>
                <dt>{t('cadres.memberOf')}</dt>
                <dd>{d.cadre.shgName}</dd>
              </>
            )}
            <dt>{t('cadres.phone')}</dt>
            <dd>{d.cadre.phone ?? '—'}</dd>
            <dt>{t('cadres.joinedOn')}</dt>
            <dd>{fmt.date(d.cadre.joinedOn)}</dd>
          </dl>

          <h3>{t('cadres.assignments')}</h3>
          {d.assignments.length === 0 ? (
            <Empty>{t('cadres.noAssignments')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('cadres.serves')}</th>
                    <th scope="col">{t('cadres.paidBy')}</th>
                    <th scope="col">{t('cadres.from')}</th>
                    <th scope="col">{t('cadres.to')}</th>
                    <th scope="col" className="no-print">{t('cadres.endAssignment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.assignments.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">{a.institutionName} <span className="muted">({valueLabel(t, 'kind', a.institutionKind)})</span></th>
                      <td>{a.payerName}</td>
                      <td>{fmt.date(a.from)}</td>
                      <td>{a.to ? fmt.date(a.to) : '—'}</td>
                      <td className="no-print">{a.to === null && <EndAssignment assignmentId={a.id} onDone={reload} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>{t('cadres.honorarium')}</h3>
          {d.honorarium.length === 0 ? (
            <Empty>{t('cadres.noHonorarium')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('cadres.paidBy')}</th>
                    <th scope="col" className="num">{t('cadres.accrued')}</th>
                    <th scope="col" className="num">{t('cadres.paid')}</th>
                    <th scope="col" className="num">{t('cadres.owed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.honorarium.map((h) => (
                    <tr key={h.payerId}>
                      <th scope="row">{h.payerName}</th>
                      <td className="num"><Money paise={h.accruedPaise} /></td>
                      <td className="num"><Money paise={h.paidPaise} /></td>
                      <td className="num"><Money paise={h.owedPaise} strong /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <HonorariumHistory d={d} />
          <div className="two-col no-print">
            <AccrueHonorarium d={d} onDone={reload} />
            <PayHonorarium d={d} onDone={reload} />
          </div>

          <h3>{t('cadres.reviews')}</h3>
          {d.reviews.length === 0 ? (
            <Empty>{t('cadres.noReviews')}</Empty>
          ) : (
            d.reviews.map((r) => (
              <section key={r.id} className="card">
                <h4>
                  {fmt.date(r.from)} – {fmt.date(r.to)}: {r.reviewerName}, {t('cadres.rating')} {fmt.number(r.rating)}/5
                </h4>
                <Indicators figures={r.indicators} />
                {r.notes && <p>{r.notes}</p>}
                <p className="muted">{t('cadres.reviewedBy', { name: r.reviewedBy })}</p>
              </section>
            ))
          )}
          <ReviewForm d={d} onDone={reload} />

          <h3>{t('cadres.trainings')}</h3>
          {d.trainings.length === 0 ? (
            <Empty>{t('cadres.noTrainings')}</Empty>
          ) : (
            <ul>
              {d.trainings.map((x) => (
                <li key={x.eventId}>
                  {x.title} ({valueLabel(t, 'trainingKind', x.kind)}), {fmt.date(x.startDate)} – {fmt.date(x.endDate)}: {t('training.attendedDays', { n: fmt.number(x.attendedDays ?? 0) })}
                  {x.completed === true && <span className="badge yes">{t('training.completed')}</span>}
                  {x.completed === false && <span className="badge warn">{t('training.notCompleted')}</span>}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('cadres.certifications')}</h3>
          {d.certifications.length === 0 ? (
            <Empty>{t('cadres.noCertifications')}</Empty>
          ) : (
            <ul>
              {d.certifications.map((c) => (
                <li key={c.id}>
                  {c.name}
                  {c.issuedBy ? `, ${c.issuedBy}` : ''} ({fmt.date(c.issuedOn)}
                  {c.validUntil ? ` – ${fmt.date(c.validUntil)}` : ''})
                </li>
              ))}
            </ul>
          )}
          <div className="two-col no-print">
            <Certification cadreId={cadreId} onDone={reload} />
            <Assign cadreId={cadreId} institutions={institutions} onDone={reload} />
          </div>

          <h3>{t('cadres.history')}</h3>
          <ul>
            {d.history.map((h, i) => (
              <li key={i}>
                {fmt.date(h.onDate)}: {valueLabel(t, 'cadreStatus', h.status)}
                {h.reason ? ` (${h.reason})` : ''}
              </li>
            ))}
          </ul>
          <ChangeStatus d={d} onDone={reload} />
        </article>
      )}
    </Loaded>
  );
}

function Indicators({ figures }: { figures: ReviewFigures }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <table>
      <tbody>
        {figures.indicators.map((i) => (
          <tr key={i.key}>
            <th scope="row">{valueLabel(t, 'reviewIndicator', i.key)}</th>
            <td className="num">
              {fmt.number(i.numerator)} / {fmt.number(i.denominator)}
            </td>
            <td className="num">{i.percent === null ? '—' : fmt.percent(i.percent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HonorariumHistory({ d }: { d: CadreDetail }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const rows = [
    ...d.accruals.map((a) => ({ key: a.id, date: a.accruedOn, payer: a.payerName, what: t('cadres.accruedFor', { month: a.month }), note: a.detail.explanation, accrued: a.amountPaise, paid: null as number | null })),
    ...d.payments.map((p) => ({ key: p.id, date: p.paidOn, payer: p.payerName, what: t('cadres.paidFrom', { from: valueLabel(t, 'paidFrom', p.paidFrom) }), note: p.reference ?? '', accrued: null as number | null, paid: p.amountPaise })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('cadres.honorariumHistory')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cadres.date')}</th>
            <th scope="col">{t('cadres.paidBy')}</th>
            <th scope="col">{t('cadres.what')}</th>
            <th scope="col" className="num">{t('cadres.accrued')}</th>
            <th scope="col" className="num">{t('cadres.paid')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{fmt.date(r.date)}</td>
              <td>{r.payer}</td>
              <td>
                {r.what} {r.note && <span className="muted">{r.note}</span>}
              </td>
              <td className="num">{r.accrued === null ? '' : <Money paise={r.accrued} />}</td>
              <td className="num">{r.paid === null ? '' : <Money paise={r.paid} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const payersOf = (d: CadreDetail) => [...new Map(d.assignments.map((a) => [a.payerId, a.payerName])).entries()];

function PayerSelect({ id, d, value, onChange }: { id: string; d: CadreDetail; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('cadres.paidBy')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {payersOf(d).map(([pid, name]) => (
          <option key={pid} value={pid}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function AccrueHonorarium({ d, onDone }: { d: CadreDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [payerId, setPayerId] = useState(payersOf(d)[0]?.[0] ?? '');
  const [month, setMonth] = useState('');
  const [preview, setPreview] = useState<HonorariumPreview | null>(null);
  const s = useSubmit();
  const look = async (p: string, m: string) => {
    setPreview(null);
    if (p && /^\d{4}-\d{2}$/.test(m)) setPreview(await cadresApi.honorariumPreview(d.cadre.id, p, m).catch(() => null));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      const r = await api.command<{ amountPaise: number }>('accrue-honorarium', { id: crypto.randomUUID(), cadreId: d.cadre.id, payerId, month });
      onDone();
      return t('cadres.accruedDone', { amount: fmt.money(r.result.amountPaise), month });
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-accrue">
      <h3 id="cad-accrue">{t('cadres.accrue')}</h3>
      <p className="muted">{t('cadres.accrueHelp')}</p>
      <PayerSelect id="acc-payer" d={d} value={payerId} onChange={(v) => { setPayerId(v); void look(v, month); }} />
      <div className="field">
        <label htmlFor="acc-month">{t('cadres.month')}</label>
        <input id="acc-month" type="month" value={month} onChange={(e) => { setMonth(e.target.value); void look(payerId, e.target.value); }} />
      </div>
      {preview && (
        <p role="status">
          {preview.accrued
            ? t('cadres.alreadyAccrued', { amount: fmt.money(preview.accrued.amountPaise) })
            : preview.computation
              ? t('cadres.willAccrue', { amount: fmt.money(preview.computation.amountPaise), how: preview.computation.explanation })
              : t('cadres.noRule')}
        </p>
      )}
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('cadres.accrueButton')}
      </button>
    </form>
  );
}

function PayHonorarium({ d, onDone }: { d: CadreDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [form, setForm] = useState({ payerId: payersOf(d)[0]?.[0] ?? '', date: '', amount: '', paidFrom: 'cash', reference: '' });
  const owed = d.honorarium.find((h) => h.payerId === form.payerId)?.owedPaise ?? 0;
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      const r = await api.command<{ amountPaise: number }>('pay-honorarium', {
        id: crypto.randomUUID(),
        cadreId: d.cadre.id,
        payerId: form.payerId,
        date: form.date,
        amountPaise: form.amount.trim() ? rupeesToPaise(form.amount) : null,
        paidFrom: form.paidFrom,
        reference: form.reference.trim() || null,
      });
      onDone();
      return t('cadres.paidDone', { amount: fmt.money(r.result.amountPaise) });
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-pay">
      <h3 id="cad-pay">{t('cadres.pay')}</h3>
      <PayerSelect id="pay-payer" d={d} value={form.payerId} onChange={(v) => setForm({ ...form, payerId: v })} />
      <p className="muted">{t('cadres.owedNow', { amount: fmt.money(owed) })}</p>
      <div className="field">
        <label htmlFor="pay-date">{t('cadres.date')}</label>
        <input id="pay-date" type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="pay-amount">{t('cadres.amountOptional')}</label>
        <input id="pay-amount" inputMode="decimal" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="pay-from">{t('cadres.paidFromLabel')}</label>
        <select id="pay-from" value={form.paidFrom} onChange={(e) => setForm({ ...form, paidFrom: e.target.value })}>
          <option value="cash">{valueLabel(t, 'paidFrom', 'cash')}</option>
          <option value="bank">{valueLabel(t, 'paidFrom', 'bank')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="pay-ref">{t('cadres.reference')}</label>
        <input id="pay-ref" value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} />
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('cadres.payButton')}
      </button>
    </form>
  );
}

function ReviewForm({ d, onDone }: { d: CadreDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ reviewerId: payersOf(d)[0]?.[0] ?? '', from: '', to: '', rating: '3', notes: '' });
  const [figures, setFigures] = useState<ReviewFigures | null>(null);
  const s = useSubmit();
  const look = async (f: typeof form) => {
    setFigures(null);
    if (f.reviewerId && f.from && f.to) setFigures(await cadresApi.reviewFigures(d.cadre.id, f.reviewerId, f.from, f.to).catch(() => null));
  };
  const change = (patch: Partial<typeof form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    if ('reviewerId' in patch || 'from' in patch || 'to' in patch) void look(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('review-cadre', { id: crypto.randomUUID(), cadreId: d.cadre.id, reviewerId: form.reviewerId, from: form.from, to: form.to, rating: Number(form.rating), notes: form.notes.trim() || null });
      onDone();
      return t('cadres.saved');
    });
  };
  return (
    <form className="no-print" onSubmit={submit} noValidate aria-labelledby="cad-review">
      <h4 id="cad-review">{t('cadres.newReview')}</h4>
      <p className="muted">{t('cadres.reviewHelp')}</p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="rev-by">{t('cadres.reviewer')}</label>
          <select id="rev-by" value={form.reviewerId} onChange={(e) => change({ reviewerId: e.target.value })}>
            <option value="">—</option>
            {payersOf(d).map(([pid, name]) => (
              <option key={pid} value={pid}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rev-from">{t('cadres.from')}</label>
          <input id="rev-from" type="date" value={form.from} onChange={(e) => change({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="rev-to">{t('cadres.to')}</label>
          <input id="rev-to" type="date" value={form.to} onChange={(e) => change({ to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="rev-rating">{t('cadres.rating')}</label>
          <select id="rev-rating" value={form.rating} onChange={(e) => change({ rating: e.target.value })}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n} – {t(`cadres.ratingLabel.${n}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {figures && <Indicators figures={figures} />}
      <div className="field">
        <label htmlFor="rev-notes">{t('cadres.notes')}</label>
        <textarea id="rev-notes" rows={3} value={form.notes} onChange={(e) => change({ notes: e.target.value })} />
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('cadres.saveReview')}
      </button>
    </form>
  );
}

function Assign({ cadreId, institutions, onDone }: { cadreId: string; institutions: Institution[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ institutionId: '', payerId: '', from: '' });
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('assign-cadre', { id: crypto.randomUUID(), cadreId, institutionId: form.institutionId, payerId: form.payerId || null, from: form.from });
      onDone();
      return t('cadres.saved');
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-assign">
      <h4 id="cad-assign">{t('cadres.assign')}</h4>
      <div className="field">
        <label htmlFor="as-inst">{t('cadres.serves')}</label>
        <select id="as-inst" value={form.institutionId} onChange={(e) => setForm({ ...form, institutionId: e.target.value })}>
          <option value="">—</option>
          {institutions.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({valueLabel(t, 'kind', i.kind)})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="as-payer">{t('cadres.paidBy')}</label>
        <select id="as-payer" value={form.payerId} onChange={(e) => setForm({ ...form, payerId: e.target.value })}>
          <option value="">{t('cadres.sameInstitution')}</option>
          {payers(institutions).map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({valueLabel(t, 'kind', i.kind)})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="as-from">{t('cadres.from')}</label>
        <input id="as-from" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" disabled={s.busy}>
        {t('cadres.assignButton')}
      </button>
    </form>
  );
}

function EndAssignment({ assignmentId, onDone }: { assignmentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const s = useSubmit();
  return (
    <span className="inline-fields">
      <input id={`end-${assignmentId}`} type="date" aria-label={t('cadres.lastDay')} value={to} onChange={(e) => setTo(e.target.value)} />
      <button
        type="button"
        disabled={s.busy || !to}
        onClick={() =>
          void s.run(async () => {
            await api.command('end-cadre-assignment', { assignmentId, to });
            onDone();
          })
        }
      >
        {t('cadres.endAssignment')}
      </button>
      <FormOutcome error={s.error} done={s.done} />
    </span>
  );
}

function Certification({ cadreId, onDone }: { cadreId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ name: '', issuedBy: '', issuedOn: '', validUntil: '' });
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('record-cadre-certification', { id: crypto.randomUUID(), cadreId, name: form.name, issuedBy: form.issuedBy.trim() || null, issuedOn: form.issuedOn, validUntil: form.validUntil || null });
      onDone();
      return t('cadres.saved');
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-cert">
      <h4 id="cad-cert">{t('cadres.addCertification')}</h4>
      <div className="field">
        <label htmlFor="cert-name">{t('cadres.certificationName')}</label>
        <input id="cert-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cert-by">{t('cadres.issuedBy')}</label>
        <input id="cert-by" value={form.issuedBy} onChange={(e) => setForm({ ...form, issuedBy: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cert-on">{t('cadres.issuedOn')}</label>
        <input id="cert-on" type="date" value={form.issuedOn} onChange={(e) => setForm({ ...form, issuedOn: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cert-until">{t('cadres.validUntil')}</label>
        <input id="cert-until" type="date" value={form.validUntil} onChange={(e) => setForm({ ...form, validUntil: e.target.value })} />
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" disabled={s.busy}>
        {t('cadres.addCertificationButton')}
      </button>
    </form>
  );
}

function ChangeStatus({ d, onDone }: { d: CadreDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ status: d.cadre.status === 'active' ? 'inactive' : 'active', onDate: '', reason: '' });
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('change-cadre-status', { cadreId: d.cadre.id, status: form.status, onDate: form.onDate, reason: form.reason.trim() || null });
      onDone();
      return t('cadres.saved');
    });
  };
  return (
    <form className="no-print inline-fields" onSubmit={submit} noValidate aria-label={t('cadres.changeStatus')}>
      <div className="field">
        <label htmlFor="st-status">{t('cadres.status')}</label>
        <select id="st-status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as typeof form.status })}>
          {CADRE_STATUSES.filter((x) => x !== d.cadre.status).map((x) => (
            <option key={x} value={x}>
              {valueLabel(t, 'cadreStatus', x)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="st-date">{t('cadres.date')}</label>
        <input id="st-date" type="date" value={form.onDate} onChange={(e) => setForm({ ...form, onDate: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="st-reason">{t('cadres.reason')}</label>
        <input id="st-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      </div>
      <button type="submit" disabled={s.busy}>
        {t('cadres.changeStatus')}
      </button>
      <FormOutcome error={s.error} done={s.done} />
    </form>
  );
}
