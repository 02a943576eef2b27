/**
 * Requests waiting for a second person (maker–checker), within the user's reach: fund releases and write-offs.
 * Each shows what is asked, how much, who asked and when; someone who may approve there approves or rejects it with
 * a note (decide-approval). Her own requests wait for someone else: no buttons (the server refuses it too).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { APPROVAL_STATUSES, approvalAmountPaise, approvalsApi, isFundRelease, type Approval, type ApprovalStatus, type WriteOffPayload } from '../../api/approvals.ts';
import { Empty, ErrorMessage, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';

/** An ISO timestamp as its day (the request's date; the time of day matters to nobody deciding). */
const dayOf = (at: string | null) => (at ? at.slice(0, 10) : null);

function What({ a }: { a: Approval }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (isFundRelease(a)) {
    const { release, giver, receiver, note, ruleSet } = a.payload;
    return (
      <>
        <p>
          {t('approvals.release', { fund: valueLabel(t, 'fund', release.fund), giver: giver.name, receiver: receiver.name, date: fmt.date(release.date) })}
        </p>
        {release.reference && <p>{t('approvals.reference', { reference: release.reference })}</p>}
        {note && <p className="note">{t('approvals.note', { note })}</p>}
        <p className="help">{t('approvals.ruleSet', { label: ruleSet.label })}</p>
      </>
    );
  }
  const p = a.payload as WriteOffPayload;
  return (
    <>
      <p>{t(a.kind === 'member-exit-write-off' ? 'approvals.exitWriteOff' : 'approvals.loanWriteOff', { group: a.nodeName, date: fmt.date(p.asOf) })}</p>
      {p.reason && <p className="note">{t('approvals.reason', { reason: p.reason })}</p>}
      {(p.interestDuePaise ?? 0) + (p.penaltyDuePaise ?? 0) > 0 && <p>{t('approvals.forgiven', { amount: fmt.money((p.interestDuePaise ?? 0) + (p.penaltyDuePaise ?? 0)) })}</p>}
    </>
  );
}

function Decide({ a, onDecided }: { a: Approval; onDecided: (decision: 'approve' | 'reject') => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await api.command('decide-approval', { approvalId: a.id, decision, ...(note.trim() ? { note: note.trim() } : {}) });
      onDecided(decision);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${a.id}`;
  return (
    <div className="decide">
      <div className="field">
        <label htmlFor={noteId}>{t('approvals.decisionNote')}</label>
        <textarea id={noteId} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} />
      </div>
      <p className="inline-fields">
        <button type="button" className="primary" disabled={busy} onClick={() => void decide('approve')}>
          {t('approvals.approve')}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('reject')}>
          {t('approvals.reject')}
        </button>
      </p>
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}

function ApprovalCard({ a, onDecided }: { a: Approval; onDecided: (a: Approval, decision: 'approve' | 'reject') => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const amount = approvalAmountPaise(a);
  return (
    <li className="card approval" data-kind={a.kind} data-id={a.id}>
      <h2>
        {valueLabel(t, 'approvalKind', a.kind)} · <a href={href({ name: 'node', nodeId: a.nodeId, section: undefined, params: {} })}>{a.nodeName}</a>
      </h2>
      <dl className="facts">
        <div className="highlight">
          <dt>{t('column.amount')}</dt>
          <dd>{amount === null ? '—' : <Money paise={amount} strong />}</dd>
        </div>
        <div>
          <dt>{t('approvals.requestedBy')}</dt>
          <dd>{a.requestedBy}</dd>
        </div>
        <div>
          <dt>{t('approvals.requestedOn')}</dt>
          <dd>{fmt.date(dayOf(a.requestedAt))}</dd>
        </div>
        {a.status !== 'pending' && (
          <div>
            <dt>{t('approvals.decidedOn')}</dt>
            <dd>{fmt.date(dayOf(a.decidedAt))}</dd>
          </div>
        )}
      </dl>
      <What a={a} />
      {a.status !== 'pending' && a.decisionNote && <p className="note">{t('approvals.decisionNoteWas', { note: a.decisionNote })}</p>}
      {a.status === 'pending' &&
        (a.canDecide ? (
          <Decide a={a} onDecided={(d) => onDecided(a, d)} />
        ) : a.mine ? (
          <p className="badge warn waiting">{t('approvals.waitingForSomeoneElse')}</p>
        ) : (
          <p className="help">{t('approvals.cannotDecide')}</p>
        ))}
    </li>
  );
}

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<ApprovalStatus>('pending');
  const list = useLoad((signal) => approvalsApi.list(status, { signal }), [status]);
  const [decided, setDecided] = useState<{ decision: 'approve' | 'reject'; what: string; amountPaise: number | null } | null>(null);
  return (
    <section className="approvals">
      <h1>{t('approvals.title')}</h1>
      <p className="help">{t('approvals.help')}</p>
      <div className="field">
        <label htmlFor="approvals-status">{t('column.status')}</label>
        <select id="approvals-status" value={status} onChange={(e) => setStatus(e.target.value as ApprovalStatus)}>
          {APPROVAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`approvals.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {decided && (
        <p className="ok" role="status">
          {t(decided.decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { what: decided.what, amount: fmt.money(decided.amountPaise) })}
        </p>
      )}
      <Loaded state={list}>
        {(approvals) =>
          approvals.length === 0 ? (
            <Empty>{t(status === 'pending' ? 'approvals.nonePending' : 'approvals.none')}</Empty>
          ) : (
            <ol className="approval-list">
              {approvals.map((a) => (
                <ApprovalCard
                  key={a.id}
                  a={a}
                  onDecided={(x, decision) => {
                    setDecided({ decision, what: valueLabel(t, 'approvalKind', x.kind), amountPaise: approvalAmountPaise(x) });
                    list.reload();
                  }}
                />
              ))}
            </ol>
          )
        }
      </Loaded>
    </section>
  );
}
