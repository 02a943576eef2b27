import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Money, useFmt } from '../../components/common.tsx';
import type { Formatter } from '../../format.ts';
import { fieldLabel } from '../../labels.ts';
import { problemText, timeOrDate } from '../components.tsx';
import { fieldDb, getSyncMeta } from '../db.ts';
import { useEngineState, useField, useLive } from '../hooks.ts';
import type { LocalGroup, OutboxCommand, Refusal } from '../model.ts';
import { fieldHref } from '../route.ts';
import { discardCommand, logEntries } from '../store.ts';

interface ServerHoldsView {
  meetingId?: string;
  date?: string;
  recordedBy?: { name?: string } | null;
  recordedAt?: string;
  totals?: Record<string, number>;
  members?: { memberId: string; attendance: string | null; compulsoryPaise: number; voluntaryPaise: number; repaymentPaise: number; finesPaise: number; disbursedPaise: number }[];
}

/**
 * What waits, and what needs her: refused records with the reason in her language (for a meeting already on the
 * server, what the server holds), fixed and sent again as a new record, or given up with a reason. Nothing
 * disappears: given-up and replaced records stay in the log below.
 */
export function Attention() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { engine } = useField();
  const state = useEngineState(engine);
  const data = useLive(async () => {
    const db = fieldDb();
    const [outbox, groups, log, sync] = await Promise.all([db.outbox.toArray(), db.groups.toArray(), logEntries(db), getSyncMeta(db)]);
    return { outbox: outbox.sort((a, b) => a.createdAt - b.createdAt), groups: new Map(groups.map((g) => [g.shgId, g])), log, sync };
  }, []);
  if (!data.value) return <Loading />;
  const { outbox, groups, log, sync } = data.value;
  const refused = outbox.filter((c) => c.state === 'refused');
  const waiting = outbox.filter((c) => c.state === 'waiting' || c.state === 'applied');
  const done = log.filter((l) => l.kind === 'discarded' || l.kind === 'replaced');

  return (
    <section aria-labelledby="f-att-title">
      <h1 id="f-att-title">{t('fieldApp.records.title')}</h1>
      <div className="f-sync-box">
        <p>
          {t('fieldApp.records.lastSync')}: <strong>{sync.lastSyncAt ? timeOrDate(sync.lastSyncAt, fmt) : t('fieldApp.sync.never')}</strong>
        </p>
        {sync.lastError && <p className="f-problem">{t('fieldApp.records.lastError', { error: t(`error.${sync.lastError}`, { defaultValue: t('error.UNKNOWN') }) })}</p>}
        <button type="button" className="primary f-big" disabled={state.running || !state.online} onClick={() => void engine.trigger({ force: true })}>
          {state.running ? t('fieldApp.sync.sending') : state.online ? t('fieldApp.records.syncNow') : t('fieldApp.sync.offline')}
        </button>
      </div>

      <h2>{t('fieldApp.records.attention')}</h2>
      {refused.length === 0 ? (
        <p className="empty">{t('fieldApp.records.noneRefused')}</p>
      ) : (
        <ul className="f-list">
          {refused.map((c) => (
            <RefusedItem key={c.id} command={c} group={groups.get(c.shgId)} />
          ))}
        </ul>
      )}

      <h2>{t('fieldApp.records.waiting')}</h2>
      {waiting.length === 0 ? (
        <p className="empty">{t('fieldApp.records.noneWaiting')}</p>
      ) : (
        <ul className="f-list">
          {waiting.map((c) => (
            <li key={c.id} className="f-item" data-testid="waiting-item">
              <strong>{describe(t, fmt, c, groups.get(c.shgId))}</strong>
              <span className="f-hint">
                {c.state === 'applied' ? t('fieldApp.records.accepted') : t('fieldApp.records.notYetSent')}
                {c.attempts > 0 && ` · ${t('fieldApp.records.attempts', { n: fmt.number(c.attempts) })}`}
              </span>
            </li>
          ))}
        </ul>
      )}

      {done.length > 0 && (
        <>
          <h2>{t('fieldApp.records.log')}</h2>
          <ul className="f-list">
            {done.map((l) => (
              <li key={l.seq} className="f-item muted">
                {l.command ? describe(t, fmt, l.command, groups.get(l.command.shgId)) : ''} —{' '}
                {l.kind === 'discarded' ? t('fieldApp.records.discardedBecause', { reason: l.reason ?? '' }) : t('fieldApp.records.replaced')}
                <span className="f-hint"> {timeOrDate(l.at, fmt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function describe(t: TFunction, fmt: Formatter, c: OutboxCommand, group: LocalGroup | undefined): string {
  const what = c.type === 'correct-meeting' ? t('fieldApp.records.correction', { date: fmt.dateLong(c.businessDate) }) : t('fieldApp.records.meeting', { date: fmt.dateLong(c.businessDate) });
  return group ? `${group.name}: ${what}` : what;
}

export function refusalLines(t: TFunction, fmt: Formatter, refusal: Refusal): string[] {
  const problems = refusal.problems?.length ? refusal.problems : [{ code: refusal.code, field: refusal.field, message: refusal.message }];
  return [
    ...new Set(
      problems.map((p) => {
        const text = problemText(t, fmt, p as { code: string; params?: Record<string, string | number> });
        return p.field && p.field !== 'date' ? t('error.withField', { field: fieldLabel(t, p.field), error: text }) : text;
      }),
    ),
  ];
}

function RefusedItem({ command, group }: { command: OutboxCommand; group: LocalGroup | undefined }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const refusal = command.refusal ?? { code: 'UNKNOWN', message: '' };
  const holds = refusal.serverHolds as ServerHoldsView | undefined;
  const names = new Map((group?.members ?? []).map((m) => [m.id, m.name]));
  return (
    <li className="f-item f-refused" data-testid="refused-item">
      <strong>{describe(t, fmt, command, group)}</strong>
      {refusalLines(t, fmt, refusal).map((line, i) => (
        <p key={i} className="f-problem">
          {line}
        </p>
      ))}
      {holds && (
        <div className="f-holds">
          <p>
            {t('fieldApp.holds.title', { date: fmt.dateLong(holds.date ?? command.businessDate) })}
            {holds.recordedBy?.name ? ` ${t('fieldApp.holds.by', { name: holds.recordedBy.name })}` : ''}
          </p>
          {holds.totals && (
            <dl className="facts">
              <div>
                <dt>{t('column.savings')}</dt>
                <dd>
                  <Money paise={holds.totals.savingsPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('column.repayments')}</dt>
                <dd>
                  <Money paise={holds.totals.repaymentsPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('column.disbursements')}</dt>
                <dd>
                  <Money paise={holds.totals.disbursementsPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('meeting.closingCash')}</dt>
                <dd>
                  <Money paise={holds.totals.closingCashPaise} />
                </dd>
              </div>
            </dl>
          )}
          {holds.members && holds.members.length > 0 && (
            <details>
              <summary>{t('fieldApp.holds.members')}</summary>
              <table className="f-table">
                <tbody>
                  {holds.members.map((m) => (
                    <tr key={m.memberId}>
                      <th scope="row">{names.get(m.memberId) ?? '—'}</th>
                      <td>{m.attendance ? t(`attendance.${m.attendance}`, { defaultValue: m.attendance }) : '—'}</td>
                      <td className="num">
                        <Money paise={m.compulsoryPaise + m.voluntaryPaise + m.repaymentPaise + m.finesPaise} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      )}
      <div className="f-actions">
        <a className="button-link primary-link" href={fieldHref({ name: 'fix', commandId: command.id })} data-testid="fix-link">
          {t('fieldApp.records.fix')}
        </a>
        {!discarding && (
          <button type="button" onClick={() => setDiscarding(true)}>
            {t('fieldApp.records.discard')}
          </button>
        )}
      </div>
      {discarding && (
        <form
          className="f-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() === '') {
              setReasonMissing(true);
              return;
            }
            void discardCommand(command.id, reason.trim());
          }}
        >
          <div className="field">
            <label htmlFor={`reason-${command.id}`}>{t('fieldApp.records.discardReason')}</label>
            <input id={`reason-${command.id}`} value={reason} aria-invalid={reasonMissing || undefined} onChange={(e) => setReason(e.target.value)} />
            {reasonMissing && <p className="f-problem">{t('error.REQUIRED')}</p>}
          </div>
          <p className="f-hint">{t('fieldApp.records.discardWarning')}</p>
          <div className="f-actions">
            <button type="submit" className="primary">
              {t('fieldApp.records.discardConfirm')}
            </button>
            <button type="button" onClick={() => setDiscarding(false)}>
              {t('fieldApp.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
