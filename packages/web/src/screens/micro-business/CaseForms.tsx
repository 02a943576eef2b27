import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';

/** The social support map's kinds (server: use-cases/record-social-support.ts). */
export const SUPPORT_KINDS = ['family', 'shg', 'community', 'panchayat', 'police', 'ngo', 'government', 'buyer', 'supplier', 'other'] as const;
const LIKELIHOODS = ['low', 'medium', 'high'] as const;

/** A small form folded behind a button: sends one command, then clears and tells the page to reload. */
function CommandForm({ id, open: openLabel, title, submit, onSubmit, children }: { id: string; open: string; title: string; submit: string; onSubmit: () => Promise<void>; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();
  if (!open)
    return (
      <p className="no-print">
        <button type="button" onClick={() => setOpen(true)}>
          {openLabel}
        </button>
      </p>
    );
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card no-print" onSubmit={(e) => void send(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      {error !== null && <ErrorMessage error={error} />}
      <div className="inline-fields">
        <button type="submit" className="primary" disabled={busy}>
          {submit}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('mb.planForm.cancel')}
        </button>
      </div>
    </form>
  );
}

export function RiskForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { risk: '', likelihood: 'medium' as (typeof LIKELIHOODS)[number], mitigation: '', recordedOn: todayIso() };
  const [f, setF] = useState(empty);
  return (
    <CommandForm
      id="mb-risk"
      open={t('mb.riskForm.open')}
      title={t('mb.riskForm.title')}
      submit={t('mb.riskForm.submit')}
      onSubmit={async () => {
        await api.command('record-business-risk', { riskId: crypto.randomUUID(), caseId, risk: f.risk, likelihood: f.likelihood, mitigation: f.mitigation, status: 'open', recordedOn: f.recordedOn });
        setF(empty);
        onDone();
      }}
    >
      <div className="field">
        <label htmlFor="mb-risk-risk">{t('mb.riskForm.risk')}</label>
        <input id="mb-risk-risk" required value={f.risk} onChange={(e) => setF({ ...f, risk: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="mb-risk-likely">{t('mb.likelihood')}</label>
        <select id="mb-risk-likely" value={f.likelihood} onChange={(e) => setF({ ...f, likelihood: e.target.value as typeof f.likelihood })}>
          {LIKELIHOODS.map((l) => (
            <option key={l} value={l}>
              {valueLabel(t, 'mbLikelihood', l)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="mb-risk-mitigation">{t('mb.riskForm.mitigation')}</label>
        <textarea id="mb-risk-mitigation" required rows={2} value={f.mitigation} onChange={(e) => setF({ ...f, mitigation: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="mb-risk-date">{t('mb.riskForm.date')}</label>
        <input id="mb-risk-date" type="date" required value={f.recordedOn} onChange={(e) => setF({ ...f, recordedOn: e.target.value })} />
      </div>
    </CommandForm>
  );
}

/** Marks a recorded risk as handled (the same risk id again, with its status changed). */
export function RiskHandledButton({ caseId, risk, onDone }: { caseId: string; risk: { id: string; risk: string; likelihood: string; mitigation: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.command('record-business-risk', { riskId: risk.id, caseId, risk: risk.risk, likelihood: risk.likelihood, mitigation: risk.mitigation, status: 'handled', recordedOn: todayIso() });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="no-print" disabled={busy} onClick={() => void click()}>
        {t('mb.riskForm.handled')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}

export function SupportForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { kind: 'family' as (typeof SUPPORT_KINDS)[number], stakeholder: '', support: '', since: todayIso(), until: '' };
  const [f, setF] = useState(empty);
  return (
    <CommandForm
      id="mb-support"
      open={t('mb.supportForm.open')}
      title={t('mb.supportForm.title')}
      submit={t('mb.supportForm.submit')}
      onSubmit={async () => {
        await api.command('record-social-support', { supportId: crypto.randomUUID(), caseId, kind: f.kind, stakeholder: f.stakeholder, support: f.support, since: f.since, until: f.until || null });
        setF(empty);
        onDone();
      }}
    >
      <div className="field">
        <label htmlFor="mb-support-kind">{t('mb.supportKind')}</label>
        <select id="mb-support-kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as typeof f.kind })}>
          {SUPPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {valueLabel(t, 'mbSupportKind', k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="mb-support-who">{t('mb.supportForm.who')}</label>
        <input id="mb-support-who" required value={f.stakeholder} onChange={(e) => setF({ ...f, stakeholder: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="mb-support-what">{t('mb.supportForm.what')}</label>
        <textarea id="mb-support-what" required rows={2} value={f.support} onChange={(e) => setF({ ...f, support: e.target.value })} />
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mb-support-since">{t('mb.since')}</label>
          <input id="mb-support-since" type="date" required value={f.since} onChange={(e) => setF({ ...f, since: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-support-until">{t('mb.supportForm.until')}</label>
          <input id="mb-support-until" type="date" value={f.until} onChange={(e) => setF({ ...f, until: e.target.value })} />
        </div>
      </div>
    </CommandForm>
  );
}

export function WorkshopForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { title: '', startsOn: todayIso(), days: '6', daysAttended: '' };
  const [f, setF] = useState(empty);
  return (
    <CommandForm
      id="mb-workshop"
      open={t('mb.workshopForm.open')}
      title={t('mb.workshopForm.title')}
      submit={t('mb.workshopForm.submit')}
      onSubmit={async () => {
        await api.command('record-workshop-attendance', { attendanceId: crypto.randomUUID(), caseId, title: f.title, startsOn: f.startsOn, days: Number(f.days), daysAttended: Number(f.daysAttended) });
        setF(empty);
        onDone();
      }}
    >
      <div className="field">
        <label htmlFor="mb-workshop-title">{t('mb.workshopForm.name')}</label>
        <input id="mb-workshop-title" required value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="mb-workshop-start">{t('mb.workshopForm.startsOn')}</label>
          <input id="mb-workshop-start" type="date" required value={f.startsOn} onChange={(e) => setF({ ...f, startsOn: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-workshop-days">{t('mb.workshopForm.days')}</label>
          <input id="mb-workshop-days" type="number" min={1} step={1} required value={f.days} onChange={(e) => setF({ ...f, days: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="mb-workshop-attended">{t('mb.workshopForm.daysAttended')}</label>
          <input id="mb-workshop-attended" type="number" min={0} step={1} required value={f.daysAttended} onChange={(e) => setF({ ...f, daysAttended: e.target.value })} />
        </div>
      </div>
    </CommandForm>
  );
}
