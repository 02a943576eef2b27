import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_CURRENCIES, type ProgrammeCurrency } from '@khata/core/business-plan';
import { api } from '../../api.ts';
import { microBusinessApi, type PartnerCase, type ProgrammeRole, type ProgrammeWorker } from '../../api/micro-business.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';

/*
 * Running a partner's programme (its programme managers and the administrators of its node): open a case for a
 * case worker, end a worker's access to a case, the programme's people (add one, give an existing user a role,
 * end a role), and — for administrators of a place — register a partner organisation there. The participant's
 * details go only in the body of the `open-case` command: never in a URL, and the answer carries the case code only.
 */

const PROGRAMME_ROLES: readonly ProgrammeRole[] = ['case-worker', 'programme-manager'];
const COUNTRIES = ['IN', 'BD', 'NP'] as const;

/** A form that sends one command; `onSubmit` throws to show the server's problems. */
function Form({ id, title, submit, note, onSubmit, children, done }: { id: string; title: string; submit: string; note?: string; onSubmit: () => Promise<void>; children: ReactNode; done?: string | null }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card no-print" onSubmit={(e) => void send(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {note && <p className="muted">{note}</p>}
      {children}
      {error !== null && <ErrorMessage error={error} />}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}

export function OpenCaseForm({ partnerId, workers, onDone }: { partnerId: string; workers: ProgrammeWorker[]; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { caseWorkerId: '', openedOn: todayIso(), businessKind: '', name: '', phone: '', address: '', idKind: '', idNumber: '', story: '' };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  const field = (key: keyof typeof empty, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`mb-open-${key}`}>{label}</label>
      <input id={`mb-open-${key}`} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} {...props} />
    </div>
  );
  return (
    <Form
      id="mb-open"
      title={t('mb.openCase.title')}
      note={t('mb.openCase.note')}
      submit={t('mb.openCase.submit')}
      done={done}
      onSubmit={async () => {
        setDone(null);
        const r = await api.command<{ code: string }>('open-case', {
          caseId: crypto.randomUUID(),
          assignmentId: crypto.randomUUID(),
          partnerId,
          openedOn: f.openedOn,
          caseWorkerId: f.caseWorkerId || undefined,
          businessKind: f.businessKind || null,
          participant: {
            name: f.name,
            phone: f.phone || null,
            address: f.address || null,
            identityNumbers: f.idKind || f.idNumber ? [{ kind: f.idKind, number: f.idNumber }] : [],
            story: f.story || null,
          },
        });
        setF(empty);
        setDone(t('mb.openCase.done', { code: r.result.code }));
        onDone();
      }}
    >
      <div className="field">
        <label htmlFor="mb-open-worker">{t('mb.caseWorker')}</label>
        <select id="mb-open-worker" required value={f.caseWorkerId} onChange={(e) => setF({ ...f, caseWorkerId: e.target.value })}>
          <option value="">{t('mb.choose')}</option>
          {workers.map((w) => (
            <option key={w.roleId} value={w.userId}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <div className="inline-fields">
        {field('openedOn', t('mb.openedOn'), { type: 'date', required: true })}
        {field('businessKind', t('mb.openCase.businessKind'))}
      </div>
      <fieldset className="plain">
        <legend>{t('mb.openCase.her')}</legend>
        {field('name', t('mb.openCase.name'), { required: true, autoComplete: 'off' })}
        <div className="inline-fields">
          {field('phone', t('mb.phone'), { type: 'tel', autoComplete: 'off' })}
          {field('address', t('mb.address'), { autoComplete: 'off' })}
        </div>
        <div className="inline-fields">
          {field('idKind', t('mb.openCase.idKind'), { autoComplete: 'off' })}
          {field('idNumber', t('mb.openCase.idNumber'), { autoComplete: 'off' })}
        </div>
        <div className="field">
          <label htmlFor="mb-open-story">{t('mb.story')}</label>
          <textarea id="mb-open-story" rows={3} value={f.story} onChange={(e) => setF({ ...f, story: e.target.value })} />
        </div>
      </fieldset>
    </Form>
  );
}

/** Ends one worker's access to a case (from tomorrow on she cannot open it: today is her last day). */
export function EndAssignmentButton({ caseItem, assignment, onDone }: { caseItem: PartnerCase; assignment: PartnerCase['assignments'][number]; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.command('end-case-assignment', { caseId: caseItem.id, assignmentId: assignment.assignmentId, to: todayIso() });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="no-print" disabled={busy} onClick={() => void click()} aria-label={t('mb.unassign.label', { name: assignment.userName, code: caseItem.code })}>
        {t('mb.unassign.button')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}

/** The programme's people: their roles, ending a role, adding a new person or giving an existing user a role. */
export function ProgrammePeople({ partnerId, workers, onDone }: { partnerId: string; workers: ProgrammeWorker[]; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const today = todayIso();
  return (
    <>
      <h3>{t('mb.people.title')}</h3>
      {workers.length === 0 ? (
        <Empty>{t('mb.people.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mb.people.name')}</th>
                <th scope="col">{t('mb.people.role')}</th>
                <th scope="col">{t('mb.from')}</th>
                <th scope="col">{t('mb.people.to')}</th>
                <th scope="col" className="num">{t('mb.people.openCases')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('mb.people.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={w.roleId} className={w.to !== null && w.to < today ? 'left' : undefined}>
                  <th scope="row">{w.name}</th>
                  <td>{valueLabel(t, 'mbRole', w.role)}</td>
                  <td>{fmt.date(w.from)}</td>
                  <td>{w.to ? fmt.date(w.to) : '—'}</td>
                  <td className="num">{fmt.number(w.openCases)}</td>
                  <td>{(w.to === null || w.to >= today) && <EndRoleButton partnerId={partnerId} worker={w} onDone={onDone} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <GrantRoleForm partnerId={partnerId} onDone={onDone} />
      <CreateUserForm partnerId={partnerId} onDone={onDone} />
    </>
  );
}

function EndRoleButton({ partnerId, worker, onDone }: { partnerId: string; worker: ProgrammeWorker; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.command('end-programme-role', { partnerId, roleId: worker.roleId, to: todayIso() });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="no-print" disabled={busy} onClick={() => void click()} aria-label={t('mb.people.endLabel', { name: worker.name })}>
        {t('mb.people.end')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}

function GrantRoleForm({ partnerId, onDone }: { partnerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const users = useLoad((signal) => microBusinessApi.users(partnerId, { signal }), [partnerId]);
  const [f, setF] = useState({ userId: '', role: 'case-worker' as ProgrammeRole, from: todayIso() });
  const [done, setDone] = useState<string | null>(null);
  return (
    <Loaded state={users}>
      {(list) => (
        <Form
          id="mb-grant"
          title={t('mb.grant.title')}
          note={t('mb.grant.note')}
          submit={t('mb.grant.submit')}
          done={done}
          onSubmit={async () => {
            setDone(null);
            await api.command('grant-programme-role', { id: crypto.randomUUID(), partnerId, userId: f.userId, role: f.role, from: f.from });
            setDone(t('mb.grant.done'));
            setF({ ...f, userId: '' });
            onDone();
          }}
        >
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="mb-grant-user">{t('mb.grant.user')}</label>
              <select id="mb-grant-user" required value={f.userId} onChange={(e) => setF({ ...f, userId: e.target.value })}>
                <option value="">{t('mb.choose')}</option>
                {list.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.username})
                  </option>
                ))}
              </select>
            </div>
            <RoleSelect id="mb-grant-role" value={f.role} onChange={(role) => setF({ ...f, role })} />
            <div className="field">
              <label htmlFor="mb-grant-from">{t('mb.from')}</label>
              <input id="mb-grant-from" type="date" required value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
            </div>
          </div>
        </Form>
      )}
    </Loaded>
  );
}

function RoleSelect({ id, value, onChange }: { id: string; value: ProgrammeRole; onChange: (r: ProgrammeRole) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('mb.people.role')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ProgrammeRole)}>
        {PROGRAMME_ROLES.map((r) => (
          <option key={r} value={r}>
            {valueLabel(t, 'mbRole', r)}
          </option>
        ))}
      </select>
    </div>
  );
}

function CreateUserForm({ partnerId, onDone }: { partnerId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const empty = { username: '', name: '', password: '', role: 'case-worker' as ProgrammeRole, from: todayIso() };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Form
      id="mb-newuser"
      title={t('mb.newUser.title')}
      note={t('mb.newUser.note')}
      submit={t('mb.newUser.submit')}
      done={done}
      onSubmit={async () => {
        setDone(null);
        await api.command('create-programme-user', { id: crypto.randomUUID(), roleId: crypto.randomUUID(), partnerId, username: f.username, name: f.name, password: f.password, language: i18n.language?.slice(0, 2) || 'en', role: f.role, from: f.from });
        setDone(t('mb.newUser.done', { username: f.username }));
        setF(empty);
        onDone();
      }}
    >
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mb-newuser-name">{t('mb.people.name')}</label>
          <input id="mb-newuser-name" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-newuser-username">{t('mb.newUser.username')}</label>
          <input id="mb-newuser-username" required autoCapitalize="none" value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-newuser-password">{t('mb.newUser.password')}</label>
          <input id="mb-newuser-password" type="password" autoComplete="new-password" required minLength={8} value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />
        </div>
        <RoleSelect id="mb-newuser-role" value={f.role} onChange={(role) => setF({ ...f, role })} />
        <div className="field">
          <label htmlFor="mb-newuser-from">{t('mb.from')}</label>
          <input id="mb-newuser-from" type="date" required value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
        </div>
      </div>
    </Form>
  );
}

/** For an administrator of a place: register a partner organisation that runs the programme there. */
export function RegisterPartnerForm({ nodeId, onDone }: { nodeId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { name: '', code: '', country: 'IN' as (typeof COUNTRIES)[number], currency: '' as ProgrammeCurrency | '' };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Form
      id="mb-partner"
      title={t('mb.partnerForm.title')}
      note={t('mb.partnerForm.note')}
      submit={t('mb.partnerForm.submit')}
      done={done}
      onSubmit={async () => {
        setDone(null);
        await api.command('register-programme-partner', { id: crypto.randomUUID(), nodeId, name: f.name, code: f.code.trim().toUpperCase(), country: f.country, currency: f.currency || undefined });
        setDone(t('mb.partnerForm.done', { name: f.name }));
        setF(empty);
        onDone();
      }}
    >
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mb-partner-name">{t('mb.partnerForm.name')}</label>
          <input id="mb-partner-name" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-partner-code">{t('mb.partnerForm.code')}</label>
          <input id="mb-partner-code" required value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-partner-country">{t('mb.partnerForm.country')}</label>
          <select id="mb-partner-country" value={f.country} onChange={(e) => setF({ ...f, country: e.target.value as typeof f.country })}>
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {valueLabel(t, 'mbCountry', c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mb-partner-currency">{t('mb.partnerForm.currency')}</label>
          <select id="mb-partner-currency" value={f.currency} onChange={(e) => setF({ ...f, currency: e.target.value as ProgrammeCurrency | '' })}>
            <option value="">{t('mb.partnerForm.countryCurrency')}</option>
            {PROGRAMME_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
    </Form>
  );
}
