import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRupees } from '@khata/core/money';
import { api } from '../../api.ts';
import {
  DEMAND_CATEGORIES,
  DEMAND_STATUSES,
  inclusionApi,
  inclusionPaths,
  REPORT_PERIODS,
  type Demand,
  type DemandStatus,
  type ReportPeriod,
} from '../../api/inclusion.ts';
import { Empty, ErrorMessage, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import { isFederation, isPlace, type NodeSectionProps } from '../node-sections.ts';
import { Downloads, indicatorLabel, indicatorSetLabel } from './shared.tsx';
import { RecordObservations } from './ObservationGrid.tsx';

const yearBefore = (date: string) => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;

/** Social action at a node: the indicators report, drives, and demands to the Panchayat plan with their outcomes. */
export default function SocialActionSection({ detail, params }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const place = isPlace(detail.node.kind);
  const [to, setTo] = useState(params.to ?? todayIso());
  const [from, setFrom] = useState(params.from ?? yearBefore(params.to ?? todayIso()));
  const [period, setPeriod] = useState<ReportPeriod>('month');
  const [version, setVersion] = useState(0);
  return (
    <div className="social-action">
      <form className="inline-fields no-print" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="sa-from">{t('socialAction.from')}</label>
          <input id="sa-from" type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sa-to">{t('socialAction.to')}</label>
          <input id="sa-to" type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sa-period">{t('socialAction.period')}</label>
          <select id="sa-period" value={period} onChange={(e) => setPeriod(e.target.value as ReportPeriod)}>
            {REPORT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {valueLabel(t, 'reportPeriod', p)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <h2>{t('socialAction.indicators')}</h2>
      <IndicatorReport nodeId={nodeId} from={from} to={to} period={period} version={version} />
      <h2>{t('socialAction.drives')}</h2>
      <Drives nodeId={nodeId} version={version} />
      {place && <DriveForm nodeId={nodeId} onDone={() => setVersion((v) => v + 1)} />}
      <RecordObservations nodeId={nodeId} version={version} onDone={() => setVersion((v) => v + 1)} />
      <h2>{t('demands.title')}</h2>
      <Demands nodeId={nodeId} submitterKind={detail.node.kind} />
    </div>
  );
}

function IndicatorReport({ nodeId, from, to, period, version }: { nodeId: string; from: string; to: string; period: ReportPeriod; version: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => Promise.all([inclusionApi.socialAction(nodeId, { from, to, period }, { signal }), inclusionApi.indicators(to, { signal })]), [nodeId, from, to, period, version]);
  return (
    <>
      <Loaded state={state}>
        {([report, indicators]) => {
          const labels = new Map(indicators.map((i) => [i.code, i.label]));
          return report.rows.length === 0 ? (
            <Empty>{t('socialAction.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('socialAction.period')}</th>
                    <th scope="col">{t('socialAction.set')}</th>
                    <th scope="col">{t('socialAction.indicator')}</th>
                    <th scope="col" className="num">{t('socialAction.observed')}</th>
                    <th scope="col" className="num">{t('socialAction.met')}</th>
                    <th scope="col" className="num">{t('coverage.sharePercent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={`${r.period}:${r.indicator}`}>
                      <td className="date">{fmt.digits(r.period)}</td>
                      <td>{indicatorSetLabel(t, r.set)}</td>
                      <th scope="row">{indicatorLabel(t, r.indicator, labels.get(r.indicator))}</th>
                      <td className="num">{fmt.number(r.observed)}</td>
                      <td className="num">{fmt.number(r.met)}</td>
                      <td className="num">{r.sharePercent === null ? '—' : fmt.percent(r.sharePercent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loaded>
      <Downloads path={inclusionPaths.socialAction(nodeId)} query={{ from, to, period }} label={t('socialAction.downloadReport')} />
      <Downloads path={inclusionPaths.observations(nodeId)} query={{ from, to }} label={t('socialAction.downloadObservations')} />
    </>
  );
}

function Drives({ nodeId, version }: { nodeId: string; version: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => inclusionApi.drives(nodeId, { signal }), [nodeId, version]);
  return (
    <>
      <Loaded state={state}>
        {(drives) =>
          drives.length === 0 ? (
            <Empty>{t('socialAction.noDrives')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('socialAction.heldOn')}</th>
                    <th scope="col">{t('socialAction.driveName')}</th>
                    <th scope="col">{t('socialAction.place')}</th>
                    <th scope="col">{t('socialAction.set')}</th>
                    <th scope="col" className="num">{t('socialAction.observed')}</th>
                    <th scope="col" className="num">{t('socialAction.met')}</th>
                  </tr>
                </thead>
                <tbody>
                  {drives.map((d) => (
                    <tr key={d.id}>
                      <td className="date">{fmt.date(d.heldOn)}</td>
                      <th scope="row">{d.name}</th>
                      <td>{[d.placeName, d.venue].filter(Boolean).join(', ')}</td>
                      <td>{indicatorSetLabel(t, d.indicatorSet)}</td>
                      <td className="num">{fmt.number(d.observations)}</td>
                      <td className="num">{fmt.number(d.met)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Downloads path={inclusionPaths.drives(nodeId)} label={t('socialAction.downloadDrives')} />
    </>
  );
}

function DriveForm({ nodeId, onDone }: { nodeId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ name: '', heldOn: todayIso(), indicatorSet: '', venue: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sets = useLoad((signal) => inclusionApi.indicators(form.heldOn, { signal }), [form.heldOn]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.command('record-drive', { id: crypto.randomUUID(), nodeId, name: form.name, heldOn: form.heldOn, indicatorSet: form.indicatorSet || null, venue: form.venue || null });
      setForm({ ...form, name: '', venue: '' });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const setCodes = sets.status === 'ok' ? [...new Set(sets.data.map((i) => i.set))] : [];
  return (
    <form className="no-print" onSubmit={submit} noValidate aria-labelledby="drive-form">
      <h3 id="drive-form">{t('socialAction.newDrive')}</h3>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="drive-name">{t('socialAction.driveName')}</label>
          <input id="drive-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor="drive-date">{t('socialAction.heldOn')}</label>
          <input id="drive-date" type="date" value={form.heldOn} onChange={(e) => setForm({ ...form, heldOn: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="drive-set">{t('socialAction.set')}</label>
          <select id="drive-set" value={form.indicatorSet} onChange={(e) => setForm({ ...form, indicatorSet: e.target.value })}>
            <option value="">{t('socialAction.mixed')}</option>
            {setCodes.map((s) => (
              <option key={s} value={s}>
                {indicatorSetLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="drive-venue">{t('socialAction.venue')}</label>
          <input id="drive-venue" value={form.venue} onChange={(e) => setForm({ ...form, venue: e.target.value })} />
        </div>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('socialAction.recordDrive')}
      </button>
    </form>
  );
}

/** Rupees typed by a person → paise; empty → null; not an amount → the text back as an error. */
function paiseOf(text: string): { ok: true; value: number | null } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  const r = parseRupees(text);
  return r.ok && r.value >= 0 ? { ok: true, value: r.value } : { ok: false };
}

function Demands({ nodeId, submitterKind }: { nodeId: string; submitterKind: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<DemandStatus | ''>('');
  const [version, setVersion] = useState(0);
  const state = useLoad((signal) => inclusionApi.demands(nodeId, { status: status || undefined }, { signal }), [nodeId, status, version]);
  const canSubmitHere = isFederation(submitterKind as never);
  return (
    <>
      <form className="inline-fields no-print" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dm-status">{t('demands.status')}</label>
          <select id="dm-status" value={status} onChange={(e) => setStatus(e.target.value as DemandStatus | '')}>
            <option value="">{t('households.all')}</option>
            {DEMAND_STATUSES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, 'demandStatus', s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Loaded state={state}>
        {(demands) =>
          demands.length === 0 ? (
            <Empty>{t('demands.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('demands.submittedOn')}</th>
                    <th scope="col">{t('demands.submittedBy')}</th>
                    <th scope="col">{t('demands.gramPanchayat')}</th>
                    <th scope="col">{t('demands.planYear')}</th>
                    <th scope="col">{t('demands.what')}</th>
                    <th scope="col" className="num">{t('demands.estimated')}</th>
                    <th scope="col">{t('demands.status')}</th>
                    <th scope="col" className="num">{t('demands.sanctioned')}</th>
                  </tr>
                </thead>
                <tbody>
                  {demands.map((d) => (
                    <tr key={d.id} className={d.status === 'pending' ? 'attention' : undefined}>
                      <td className="date">{fmt.date(d.submittedOn)}</td>
                      <td>{d.submittedBy}</td>
                      <td>{d.gramPanchayat}</td>
                      <td>{fmt.digits(d.planYear)}</td>
                      <th scope="row">
                        <span className="badge">{valueLabel(t, 'demandCategory', d.category)}</span> {d.description}
                      </th>
                      <td className="num">{d.estimatedPaise === null ? '—' : <Money paise={d.estimatedPaise} />}</td>
                      <td>
                        {valueLabel(t, 'demandStatus', d.status)}
                        {d.decidedOn && <span className="muted"> {fmt.date(d.decidedOn)}</span>}
                        {d.outcomeNote && <div className="muted">{d.outcomeNote}</div>}
                        {d.status === 'pending' && <OutcomeForm demand={d} onDone={() => setVersion((v) => v + 1)} />}
                      </td>
                      <td className="num">{d.sanctionedPaise === null ? '—' : <Money paise={d.sanctionedPaise} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Downloads path={inclusionPaths.demands(nodeId)} query={{ status: status || undefined }} label={t('demands.download')} />
      <DemandForm nodeId={nodeId} submitterHere={canSubmitHere} onDone={() => setVersion((v) => v + 1)} />
    </>
  );
}

/** The financial year a date falls in: 2026-08-01 → 2026-27. */
const financialYear = (date: string) => {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
};

function DemandForm({ nodeId, submitterHere, onDone }: { nodeId: string; submitterHere: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const today = todayIso();
  const empty = { submitter: submitterHere ? nodeId : '', gramPanchayat: '', planYear: financialYear(today), category: 'water', description: '', submittedOn: today, estimated: '' };
  const [form, setForm] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [amountError, setAmountError] = useState(false);
  const shgs = useLoad((signal) => (submitterHere ? Promise.resolve([]) : api.shgs(nodeId, { signal })), [nodeId, submitterHere]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const estimated = paiseOf(form.estimated);
    setAmountError(!estimated.ok);
    if (!estimated.ok) return;
    setBusy(true);
    setError(null);
    try {
      await api.command('submit-panchayat-demand', {
        id: crypto.randomUUID(),
        nodeId: form.submitter,
        gramPanchayat: form.gramPanchayat,
        planYear: form.planYear,
        category: form.category,
        description: form.description,
        submittedOn: form.submittedOn,
        estimatedPaise: estimated.value,
      });
      setForm(empty);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="no-print" onSubmit={submit} noValidate aria-labelledby="demand-form">
      <h3 id="demand-form">{t('demands.new')}</h3>
      {!submitterHere && (
        <div className="field">
          <label htmlFor="dm-submitter">{t('demands.submittedBy')}</label>
          <select id="dm-submitter" value={form.submitter} onChange={(e) => setForm({ ...form, submitter: e.target.value })}>
            <option value="">{t('demands.chooseShg')}</option>
            {shgs.status === 'ok' &&
              shgs.data.map((s) => (
                <option key={String(s.id)} value={String(s.id)}>
                  {s.name}
                </option>
              ))}
          </select>
        </div>
      )}
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="dm-gp">{t('demands.gramPanchayat')}</label>
          <input id="dm-gp" value={form.gramPanchayat} onChange={(e) => setForm({ ...form, gramPanchayat: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor="dm-year">{t('demands.planYear')}</label>
          <input id="dm-year" value={form.planYear} onChange={(e) => setForm({ ...form, planYear: e.target.value })} placeholder="2026-27" />
        </div>
        <div className="field">
          <label htmlFor="dm-cat">{t('demands.category')}</label>
          <select id="dm-cat" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>
            {DEMAND_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {valueLabel(t, 'demandCategory', c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dm-on">{t('demands.submittedOn')}</label>
          <input id="dm-on" type="date" value={form.submittedOn} onChange={(e) => setForm({ ...form, submittedOn: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dm-est">{t('demands.estimatedRupees')}</label>
          <input id="dm-est" inputMode="decimal" value={form.estimated} onChange={(e) => setForm({ ...form, estimated: e.target.value })} aria-invalid={amountError || undefined} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="dm-what">{t('demands.what')}</label>
        <textarea id="dm-what" rows={2} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} required />
      </div>
      {amountError && <p className="error-inline">{t('demands.badAmount')}</p>}
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('demands.submit')}
      </button>
    </form>
  );
}

function OutcomeForm({ demand, onDone }: { demand: Demand; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ outcome: 'accepted' as 'accepted' | 'rejected', decidedOn: todayIso(), sanctioned: '', note: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [amountError, setAmountError] = useState(false);
  if (!open)
    return (
      <div className="no-print">
        <button type="button" onClick={() => setOpen(true)}>
          {t('demands.recordOutcome')}
        </button>
      </div>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sanctioned = paiseOf(form.sanctioned);
    setAmountError(!sanctioned.ok);
    if (!sanctioned.ok) return;
    setBusy(true);
    setError(null);
    try {
      await api.command('record-panchayat-outcome', { demandId: demand.id, outcome: form.outcome, decidedOn: form.decidedOn, sanctionedPaise: form.outcome === 'accepted' ? sanctioned.value : null, note: form.note || null });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const id = `outcome-${demand.id}`;
  return (
    <form className="no-print" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-outcome`}>{t('demands.outcome')}</label>
        <select id={`${id}-outcome`} value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value as 'accepted' | 'rejected' })}>
          <option value="accepted">{valueLabel(t, 'demandStatus', 'accepted')}</option>
          <option value="rejected">{valueLabel(t, 'demandStatus', 'rejected')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t('demands.decidedOn')}</label>
        <input id={`${id}-date`} type="date" value={form.decidedOn} onChange={(e) => setForm({ ...form, decidedOn: e.target.value })} />
      </div>
      {form.outcome === 'accepted' && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>{t('demands.sanctionedRupees')}</label>
          <input id={`${id}-amount`} inputMode="decimal" value={form.sanctioned} onChange={(e) => setForm({ ...form, sanctioned: e.target.value })} aria-invalid={amountError || undefined} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('demands.note')}</label>
        <input id={`${id}-note`} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
      </div>
      {amountError && <p className="error-inline">{t('demands.badAmount')}</p>}
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('demands.saveOutcome')}
      </button>
    </form>
  );
}
