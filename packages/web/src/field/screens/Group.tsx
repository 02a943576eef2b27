import { useTranslation } from 'react-i18next';
import { Loading, Money, useFmt } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { groupBooks, type GroupBooks, type MeetingListItem } from '../books.ts';
import { BackLink, problemText } from '../components.tsx';
import { fieldDb } from '../db.ts';
import { useEngineState, useField, useLive } from '../hooks.ts';
import type { OutboxCommand } from '../model.ts';
import { fieldHref } from '../route.ts';

/** The group's books on the phone: the server's copy plus her records not yet confirmed (core's own rules). */
export function useGroupBooks(shgId: string): { books: GroupBooks | null | undefined; commands: OutboxCommand[] } {
  const live = useLive(async () => {
    const db = fieldDb();
    const [base, commands] = await Promise.all([db.groups.get(shgId), db.outbox.where('shgId').equals(shgId).toArray()]);
    commands.sort((a, b) => a.createdAt - b.createdAt);
    return { books: base ? groupBooks(base, commands) : null, commands };
  }, [shgId]);
  return { books: live.value?.books, commands: live.value?.commands ?? [] };
}

/**
 * Why a meeting cannot be corrected here, or null when it can. 'fetch': its details are not on the phone yet
 * (recorded on another phone); they come from the server when there is a network.
 */
export function correctionBlock(books: GroupBooks, m: MeetingListItem): 'closed' | 'reversed' | 'fetch' | null {
  if (m.status !== 'recorded') return 'reversed';
  if (books.group.lockedThrough !== null && m.date <= books.group.lockedThrough) return 'closed';
  if (!books.payloads.has(m.id)) return 'fetch';
  return null;
}

export function GroupScreen({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { books } = useGroupBooks(shgId);
  const { engine } = useField();
  const { online } = useEngineState(engine);
  if (books === undefined) return <Loading />;
  if (books === null) {
    return (
      <section>
        <BackLink href={fieldHref({ name: 'groups' })}>{t('fieldApp.groups.title')}</BackLink>
        <p className="f-notice">{t('fieldApp.group.notOnPhone')}</p>
      </section>
    );
  }
  const g = books.group;
  const today = todayIso();
  return (
    <section aria-labelledby="f-group-title">
      <BackLink href={fieldHref({ name: 'groups' })}>{t('fieldApp.groups.title')}</BackLink>
      <h1 id="f-group-title">
        {g.name} <span className="code">{g.code}</span>
      </h1>
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('shg.cash')}</dt>
          <dd data-testid="group-cash">
            <Money paise={g.cashPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('shg.bank')}</dt>
          <dd data-testid="group-bank">
            <Money paise={g.bankPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('shg.memberCount')}</dt>
          <dd>{fmt.number(g.members.length)}</dd>
        </div>
      </dl>
      {g.lockedThrough && <p className="f-hint">{t('fieldApp.group.lockedThrough', { date: fmt.dateLong(g.lockedThrough) })}</p>}
      <a className="button-link primary-link f-big" href={fieldHref({ name: 'new-meeting', shgId, date: today })} data-testid="new-meeting">
        {t('fieldApp.group.newMeeting')}
      </a>

      {books.notApplied.length > 0 && (
        <div className="f-notice" role="status">
          <p>{t('fieldApp.group.notApplied', { n: fmt.number(books.notApplied.length) })}</p>
          <ul>
            {books.notApplied.flatMap((n) => n.problems.map((p, i) => <li key={`${n.id}-${i}`}>{problemText(t, fmt, p)}</li>))}
          </ul>
        </div>
      )}

      <h2>{t('fieldApp.group.meetings')}</h2>
      {books.meetings.length === 0 ? (
        <p className="empty">{t('meetings.none')}</p>
      ) : (
        <ul className="f-list">
          {books.meetings.map((m) => {
            const reason = correctionBlock(books, m);
            const block = reason === 'fetch' && online ? null : reason;
            return (
              <li key={m.id} className={`f-item${m.status === 'reversed' ? ' reversed' : ''}`} data-testid="meeting-item" data-date={m.date}>
                <a href={fieldHref({ name: 'meeting', shgId, meetingId: m.id })} className="f-item-main">
                  <strong>{fmt.dateLong(m.date)}</strong>
                  <span className="f-hint">
                    {m.present !== undefined && t('meeting.presentOf', { present: fmt.number(m.present), total: fmt.number((m.present ?? 0) + (m.absent ?? 0)) })}
                    {m.savingsPaise !== undefined && ` · ${t('column.savings')}: ${fmt.money(m.savingsPaise)}`}
                  </span>
                </a>
                <span className={`badge${m.pending === 'waiting' ? ' warn' : ''}`}>
                  {m.status === 'reversed' ? t('meetings.reversed') : m.pending === 'waiting' ? t('fieldApp.records.notYetSent') : m.pending === 'applied' ? t('fieldApp.records.accepted') : t('fieldApp.group.sent')}
                </span>
                {m.status === 'recorded' && (
                  <span className="f-correct">
                    {block === null ? (
                      <a className="button-link" href={fieldHref({ name: 'correct', shgId, meetingId: m.id })}>
                        {t('fieldApp.group.correct')}
                      </a>
                    ) : (
                      <>
                        <button type="button" disabled aria-describedby={`why-${m.id}`}>
                          {t('fieldApp.group.correct')}
                        </button>
                        <span className="f-hint" id={`why-${m.id}`}>
                          {block === 'closed' ? t('fieldApp.group.closedPeriod', { date: fmt.dateLong(g.lockedThrough ?? m.date) }) : t('fieldApp.group.needsNetwork')}
                        </span>
                      </>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
