/**
 * The federation's own records kept from its pages: forming a VO / CLF / BLF in a place, appointing its committee
 * (representatives and office bearers), forming a sub-committee, recording an EC or general-body meeting, and
 * recording the receipt of an SHG's repayment made at the SHG's meeting. Each form sends one command; the server
 * checks everything and its problems are shown per field.
 */
import { useContext, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type NodeDetail } from '../../api.ts';
import { EC_ROLES, federationApi, type FederationDetail } from '../../api/federations.ts';
import { ErrorMessage, SessionContext, useFmt, useLoad } from '../../components/common.tsx';
import { Field } from '../../components/forms.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import { today } from '../bank-linkage/form.ts';
import { ActionCard, useSubmit } from './FederationActions.tsx';
import { createFederationPayload, levelsFor, meetingPayload, subCommitteePayload, type InTransit } from './federation-forms.ts';

type Done = () => void;

/** Someone who may keep books (any role but auditor): the forms show; the server still checks the place. */
export function useMayWrite(): boolean {
  const me = useContext(SessionContext);
  return (me?.roles ?? []).some((r) => r.role !== 'auditor');
}

/** A person who may sit on this federation's bodies, with the member institution she comes from. */
export interface Person {
  personId: string;
  name: string;
  representsId: string;
  representsName: string;
}

/**
 * The general body's people: for a VO, the active women of its member SHGs; for a CLF or BLF, the current EC
 * members of its member federations (as the server's commands check).
 */
function useGeneralBody(f: FederationDetail) {
  const members = f.members.filter((m) => m.until === null);
  const key = members.map((m) => m.memberId).join(',');
  return useLoad(async (signal) => {
    const lists = await Promise.all(
      members.map(async (m): Promise<Person[]> => {
        if (f.federation.level === 'vo') {
          const women = await api.members(m.memberId, { signal });
          return women.filter((w) => w.status === 'active').map((w) => ({ personId: String(w.id), name: w.name, representsId: m.memberId, representsName: m.name }));
        }
        const d = await federationApi.detail(m.memberId, { signal });
        const seen = new Set<string>();
        return d.ec.filter((e) => e.to === null && !seen.has(e.personId) && seen.add(e.personId)).map((e) => ({ personId: e.personId, name: e.name, representsId: m.memberId, representsName: m.name }));
      }),
    );
    return lists.flat();
  }, [f.federation.id, f.federation.level, key]);
}

/** The EC on a date: one line per person (her representative seat), whatever offices she also holds. */
function ecOn(f: FederationDetail, date: string): Person[] {
  const seen = new Set<string>();
  return f.ec
    .filter((e) => e.from <= date && (e.to === null || e.to >= date) && !seen.has(e.personId) && seen.add(e.personId))
    .map((e) => ({ personId: e.personId, name: e.name, representsId: e.representsId, representsName: e.representsName }));
}

/** Tick boxes for people, grouped by the institution each comes from. */
function PeopleTicks({ idPrefix, legend, people, ticked, onChange }: { idPrefix: string; legend: string; people: Person[]; ticked: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const groups = new Map<string, Person[]>();
  for (const p of people) groups.set(p.representsName, [...(groups.get(p.representsName) ?? []), p]);
  const toggle = (id: string, on: boolean) => onChange(on ? [...ticked, id] : ticked.filter((x) => x !== id));
  return (
    <fieldset className="people-ticks">
      <legend>{legend}</legend>
      {people.length === 0 && <p className="empty">{t('fedForm.nobody')}</p>}
      {people.length > 1 && (
        <p className="inline-fields">
          <button type="button" onClick={() => onChange(people.map((p) => p.personId))}>
            {t('fedForm.tickAll')}
          </button>
          <button type="button" onClick={() => onChange([])}>
            {t('fedForm.tickNone')}
          </button>
        </p>
      )}
      {[...groups].map(([institution, list]) => (
        <div key={institution} className="tick-group">
          <strong>{institution}</strong>
          {list.map((p) => (
            <label key={p.personId} htmlFor={`${idPrefix}-${p.personId}`} className="tick">
              <input id={`${idPrefix}-${p.personId}`} type="checkbox" checked={ticked.includes(p.personId)} onChange={(e) => toggle(p.personId, e.target.checked)} /> {p.name}
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Form a federation in a place
// ---------------------------------------------------------------------------------------------------------------

export function CreateFederationForm({ detail, onDone }: { detail: NodeDetail; onDone: Done }) {
  const { t } = useTranslation();
  const levels = levelsFor(detail.node.kind);
  const empty = { level: levels[0] ?? '', name: '', code: '', nrlmCode: '', formedOn: today(), registeredAs: '', registrationNumber: '' };
  const [form, setForm] = useState(empty);
  const [made, setMade] = useState<{ id: string; name: string } | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setMade(null);
  };
  if (levels.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = createFederationPayload(crypto.randomUUID(), String(detail.node.id), form);
    const ok = await s.run(() => api.command('create-federation', payload));
    if (ok) {
      setMade({ id: payload.id, name: payload.name });
      setForm({ ...empty, level: form.level });
      onDone();
    }
  };
  return (
    <ActionCard title={t('fedForm.create.title', { levels: levels.map((l) => valueLabel(t, 'kind', l)).join(' / ') })}>
      <form onSubmit={submit} noValidate>
        <Field id="cf-level" label={t('federation.level')}>
          <select id="cf-level" value={form.level} onChange={set('level')}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {valueLabel(t, 'kind', l)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cf-name" label={t('federation.name')}>
          <input id="cf-name" value={form.name} onChange={set('name')} maxLength={200} required />
        </Field>
        <div className="inline-fields">
          <Field id="cf-code" label={t('federation.code')}>
            <input id="cf-code" value={form.code} onChange={set('code')} maxLength={40} required />
          </Field>
          <Field id="cf-nrlm" label={t('fedForm.create.nrlmCode')}>
            <input id="cf-nrlm" inputMode="numeric" value={form.nrlmCode} onChange={set('nrlmCode')} maxLength={20} />
          </Field>
          <Field id="cf-formed" label={t('federation.formedOn')}>
            <input id="cf-formed" type="date" value={form.formedOn} onChange={set('formedOn')} required />
          </Field>
        </div>
        <div className="inline-fields">
          <Field id="cf-regas" label={t('fedForm.create.registeredAs')} help={t('fedForm.create.registeredAsHelp')}>
            <input id="cf-regas" value={form.registeredAs} onChange={set('registeredAs')} maxLength={100} aria-describedby="cf-regas-help" />
          </Field>
          <Field id="cf-regno" label={t('fedForm.create.registrationNumber')}>
            <input id="cf-regno" value={form.registrationNumber} onChange={set('registrationNumber')} maxLength={100} />
          </Field>
        </div>
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedForm.create.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {made && (
          <p className="ok" role="status">
            {t('fedForm.create.done', { name: made.name })} <a href={href({ name: 'node', nodeId: made.id, section: undefined, params: {} })}>{t('fedForm.create.open')}</a>
          </p>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The committee: appoint an EC member or office bearer, form a sub-committee
// ---------------------------------------------------------------------------------------------------------------

export function AppointEcForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const body = useGeneralBody(f);
  const [form, setForm] = useState({ role: 'representative' as (typeof EC_ROLES)[number], personId: '', from: today(), to: '' });
  const [done, setDone] = useState<string | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value, ...(k === 'role' ? { personId: '' } : {}) }));
    setDone(null);
  };
  // A representative comes from a member institution and is not yet on the EC; an office bearer is chosen from the EC.
  const onEc = ecOn(f, form.from);
  const choices = form.role === 'representative' ? (body.status === 'ok' ? body.data.filter((p) => !onEc.some((e) => e.personId === p.personId)) : []) : onEc;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = { id: crypto.randomUUID(), federationId: f.federation.id, personId: form.personId, role: form.role, from: form.from, to: form.to || null };
    const ok = await s.run(() => api.command('appoint-ec-member', payload));
    if (ok) {
      const who = choices.find((p) => p.personId === form.personId)?.name ?? '';
      setDone(t('fedForm.appoint.done', { name: who, role: valueLabel(t, 'ecRole', form.role) }));
      setForm((v) => ({ ...v, personId: '', to: '' }));
      onDone();
    }
  };
  return (
    <ActionCard title={t('fedForm.appoint.title')}>
      <form onSubmit={submit} noValidate>
        <p className="help">{t('fedForm.appoint.help')}</p>
        <Field id="ec-role" label={t('federation.role')}>
          <select id="ec-role" value={form.role} onChange={set('role')}>
            {EC_ROLES.map((r) => (
              <option key={r} value={r}>
                {valueLabel(t, 'ecRole', r)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="ec-person" label={t('federation.person')}>
          <select id="ec-person" value={form.personId} onChange={set('personId')} required>
            <option value="">{choices.length === 0 && (form.role !== 'representative' || body.status === 'ok') ? t('fedForm.nobody') : t('fedAction.choose')}</option>
            {choices.map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.name} ({p.representsName})
              </option>
            ))}
          </select>
        </Field>
        {form.role === 'representative' && body.status === 'error' && <ErrorMessage error={body.error} onRetry={body.reload} />}
        <div className="inline-fields">
          <Field id="ec-from" label={t('fedForm.appoint.from')}>
            <input id="ec-from" type="date" value={form.from} onChange={set('from')} required />
          </Field>
          <Field id="ec-to" label={t('fedForm.appoint.to')} help={t('fedForm.appoint.toHelp')}>
            <input id="ec-to" type="date" value={form.to} onChange={set('to')} aria-describedby="ec-to-help" />
          </Field>
        </div>
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedForm.appoint.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done && (
          <p className="ok" role="status">
            {done}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

export function SubCommitteeForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const body = useGeneralBody(f);
  const [form, setForm] = useState({ name: '', purpose: '', formedOn: today(), members: [] as string[], convenorId: '' });
  const [done, setDone] = useState<string | null>(null);
  const s = useSubmit();
  const set = (k: 'name' | 'purpose' | 'formedOn' | 'convenorId') => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setDone(null);
  };
  const people = body.status === 'ok' ? body.data : [];
  const chosen = people.filter((p) => form.members.includes(p.personId));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = subCommitteePayload(crypto.randomUUID(), f.federation.id, form);
    const ok = await s.run(() => api.command('form-sub-committee', payload));
    if (ok) {
      setDone(t('fedForm.sub.done', { name: payload.name }));
      setForm({ name: '', purpose: '', formedOn: form.formedOn, members: [], convenorId: '' });
      onDone();
    }
  };
  return (
    <ActionCard title={t('fedForm.sub.title')}>
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          <Field id="sc-name" label={t('fedForm.sub.name')} help={t('fedForm.sub.nameHelp')}>
            <input id="sc-name" value={form.name} onChange={set('name')} maxLength={100} required aria-describedby="sc-name-help" />
          </Field>
          <Field id="sc-formed" label={t('federation.formedOn')}>
            <input id="sc-formed" type="date" value={form.formedOn} onChange={set('formedOn')} required />
          </Field>
        </div>
        <Field id="sc-purpose" label={t('federation.purpose')}>
          <textarea id="sc-purpose" value={form.purpose} onChange={set('purpose')} maxLength={500} rows={2} />
        </Field>
        {body.status === 'error' && <ErrorMessage error={body.error} onRetry={body.reload} />}
        <PeopleTicks
          idPrefix="sc-m"
          legend={t('fedForm.sub.members')}
          people={people}
          ticked={form.members}
          onChange={(members) => {
            setForm((v) => ({ ...v, members, convenorId: members.includes(v.convenorId) ? v.convenorId : '' }));
            setDone(null);
          }}
        />
        <Field id="sc-convenor" label={t('fedForm.sub.convenor')}>
          <select id="sc-convenor" value={form.convenorId} onChange={set('convenorId')}>
            <option value="">{t('fedForm.sub.noConvenor')}</option>
            {chosen.map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedForm.sub.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done && (
          <p className="ok" role="status">
            {done}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Record an EC or general-body meeting
// ---------------------------------------------------------------------------------------------------------------

export function FederationMeetingForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const body = useGeneralBody(f);
  const [form, setForm] = useState({ kind: 'ec' as 'ec' | 'gb', date: today(), place: '', present: [] as string[], decisions: '', minutes: '' });
  const [done, setDone] = useState<string | null>(null);
  const s = useSubmit();
  const set = (k: 'kind' | 'date' | 'place' | 'decisions' | 'minutes') => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value, ...(k === 'kind' ? { present: [] } : {}) }));
    setDone(null);
  };
  // An EC meeting is attended by the EC on its date; a general-body meeting by the member institutions' people.
  const people = form.kind === 'ec' ? ecOn(f, form.date) : body.status === 'ok' ? body.data : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = meetingPayload(crypto.randomUUID(), f.federation.id, { ...form, present: form.present.filter((id) => people.some((p) => p.personId === id)) });
    const out = await s.run(() => api.command<{ present: number; decisions: number }>('record-federation-meeting', payload));
    if (out) {
      setDone(t('fedForm.meeting.done', { date: fmt.date(payload.date), present: fmt.number(out.result.present), decisions: fmt.number(out.result.decisions) }));
      setForm((v) => ({ ...v, place: '', present: [], decisions: '', minutes: '' }));
      onDone();
    }
  };
  return (
    <ActionCard title={t('fedForm.meeting.title')}>
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          <Field id="fm-kind" label={t('fedForm.meeting.kind')}>
            <select id="fm-kind" value={form.kind} onChange={set('kind')}>
              {(['ec', 'gb'] as const).map((k) => (
                <option key={k} value={k}>
                  {valueLabel(t, 'federationMeeting', k)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fm-date" label={t('field.date')}>
            <input id="fm-date" type="date" value={form.date} onChange={set('date')} required />
          </Field>
          <Field id="fm-place" label={t('fedForm.meeting.place')}>
            <input id="fm-place" value={form.place} onChange={set('place')} maxLength={200} />
          </Field>
        </div>
        {form.kind === 'gb' && body.status === 'error' && <ErrorMessage error={body.error} onRetry={body.reload} />}
        <PeopleTicks
          idPrefix="fm-p"
          legend={t('fedForm.meeting.present')}
          people={people}
          ticked={form.present}
          onChange={(present) => {
            setForm((v) => ({ ...v, present }));
            setDone(null);
          }}
        />
        <Field id="fm-decisions" label={t('federation.decisions')} help={t('fedForm.meeting.decisionsHelp')}>
          <textarea id="fm-decisions" value={form.decisions} onChange={set('decisions')} rows={4} aria-describedby="fm-decisions-help" />
        </Field>
        <Field id="fm-minutes" label={t('fedForm.meeting.minutes')}>
          <textarea id="fm-minutes" value={form.minutes} onChange={set('minutes')} rows={3} maxLength={20000} />
        </Field>
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedForm.meeting.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done && (
          <p className="ok" role="status">
            {done}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Record the receipt of a repayment made at an SHG's meeting
// ---------------------------------------------------------------------------------------------------------------

export function ReceiveRepaymentForm({ federationId, item, onDone }: { federationId: string; item: InTransit; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ date: today() < item.meetingDate ? item.meetingDate : today(), receivedInto: 'bank' });
  const s = useSubmit();
  const id = `rcv-${item.meetingId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = { transferId: crypto.randomUUID(), federationId, meetingId: item.meetingId, date: form.date, receivedInto: form.receivedInto };
    const ok = await s.run(() => api.command('receive-meeting-repayment', payload));
    if (ok) onDone();
  };
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={t('fedForm.receive.buttonFor', { name: item.shgName, date: fmt.date(item.meetingDate) })}>
        {t('fedForm.receive.button')}
      </button>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="receive-repayment">
      <div className="inline-fields">
        <Field id={`${id}-date`} label={t('fedForm.receive.date')}>
          <input id={`${id}-date`} type="date" value={form.date} min={item.meetingDate} onChange={(e) => setForm((v) => ({ ...v, date: e.target.value }))} required />
        </Field>
        <Field id={`${id}-into`} label={t('fedAction.receivedInto')}>
          <select id={`${id}-into`} value={form.receivedInto} onChange={(e) => setForm((v) => ({ ...v, receivedInto: e.target.value }))}>
            <option value="bank">{t('fedAction.bank')}</option>
            <option value="cash">{t('fedAction.cash')}</option>
          </select>
        </Field>
      </div>
      <p className="inline-fields">
        <button type="submit" className="primary" disabled={s.busy}>
          {t('fedForm.receive.submit', { amount: fmt.money(item.amountPaise) })}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={s.busy}>
          {t('fedForm.cancel')}
        </button>
      </p>
      {s.error !== null && <ErrorMessage error={s.error} />}
    </form>
  );
}
