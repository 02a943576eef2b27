/**
 * The closing summary, large, for each member and for the group, and read aloud in the app's language where the
 * phone has a voice for it. Computed on the phone when the meeting was saved (core's plan), so it is there
 * offline; the badge says whether the server has it yet.
 */
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Money, useFmt } from '../../components/common.tsx';
import type { Formatter } from '../../format.ts';
import { formatMoney } from '../../core.ts';
import { BackLink } from '../components.tsx';
import type { MeetingReceipt, OutboxCommand } from '../model.ts';
import { fieldHref } from '../route.ts';
import { findVoice, speak, stopSpeaking } from '../speech.ts';
import { useGroupBooks } from './Group.tsx';
import { Icon } from '../icons.tsx';

/** The meeting a command recorded (its new meeting, for a correction). */
export function meetingIdOf(c: OutboxCommand): string {
  const p = c.payload as { meetingId?: string; meeting?: { meetingId?: string } };
  return (c.type === 'correct-meeting' ? p.meeting?.meetingId : p.meetingId) ?? c.meetingId;
}

/** Rupees for the ear (no sign): "1,250 rupees 50 paise" in the app's language, Latin digits (voices read those best). */
function spokenMoney(t: TFunction, paise: number): string {
  const rupees = formatMoney(Math.trunc(Math.abs(paise) / 100) * 100, { symbol: '', trimZeroPaise: true });
  const rest = Math.abs(paise) % 100;
  return rest ? t('fieldApp.speak.rupeesPaise', { rupees, paise: String(rest) }) : t('fieldApp.speak.rupees', { rupees });
}

export function summaryLines(t: TFunction, receipt: MeetingReceipt, names: Map<string, string>, fmt: Formatter): string[] {
  const lines = [t('fieldApp.speak.intro', { date: fmt.dateLong(receipt.date) })];
  for (const s of receipt.memberSummaries) {
    lines.push(
      t('fieldApp.speak.member', {
        name: names.get(s.memberId) ?? '',
        paid: spokenMoney(t, s.paidPaise),
        savings: spokenMoney(t, s.totalSavings.compulsoryPaise + s.totalSavings.voluntaryPaise),
        loan: spokenMoney(t, s.loanOutstandingPaise),
      }),
    );
  }
  lines.push(t('fieldApp.speak.group', { collected: spokenMoney(t, receipt.collectedPaise), paidOut: spokenMoney(t, receipt.paidOutPaise), cash: spokenMoney(t, receipt.closingCashPaise) }));
  const diff = receipt.cashDifferencePaise;
  if (diff !== null && diff < 0) lines.push(t('fieldApp.speak.short', { amount: spokenMoney(t, diff) }));
  if (diff !== null && diff > 0) lines.push(t('fieldApp.speak.over', { amount: spokenMoney(t, diff) }));
  return lines;
}

export function MeetingViewScreen({ shgId, meetingId }: { shgId: string; meetingId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { books, commands } = useGroupBooks(shgId);
  if (books === undefined) return <Loading />;
  if (books === null) return <p className="f-notice">{t('fieldApp.group.notOnPhone')}</p>;
  const command = [...commands].reverse().find((c) => meetingIdOf(c) === meetingId && c.state !== 'discarded');
  const listed = books.meetings.find((m) => m.id === meetingId);
  const names = new Map(books.group.members.map((m) => [m.id, m.name]));
  const state = command?.state;
  return (
    <section className="f-summary" aria-labelledby="f-summary-title">
      <BackLink href={fieldHref({ name: 'group', shgId })}>{books.group.name}</BackLink>
      <h1 id="f-summary-title">{t('meeting.title', { date: fmt.dateLong(command?.receipt?.date ?? listed?.date ?? '') })}</h1>
      {command && (
        <p className={`f-saved ${state}`} role="status" data-testid="saved-state" data-state={state}>
          {state === 'waiting'
            ? t('fieldApp.summary.savedOnPhone')
            : state === 'applied' || state === 'synced'
              ? t('fieldApp.summary.sent')
              : state === 'refused'
                ? t('fieldApp.summary.refused')
                : t('fieldApp.summary.replaced')}
        </p>
      )}
      {command?.receipt ? (
        <Receipt receipt={command.receipt} names={names} />
      ) : listed ? (
        <dl className="facts large">
          <div>
            <dt>{t('meetings.present')}</dt>
            <dd>{fmt.number(listed.present ?? 0)}</dd>
          </div>
          <div>
            <dt>{t('column.savings')}</dt>
            <dd>
              <Money paise={listed.savingsPaise ?? 0} />
            </dd>
          </div>
          <div>
            <dt>{t('column.repayments')}</dt>
            <dd>
              <Money paise={listed.repaymentsPaise ?? 0} />
            </dd>
          </div>
          {listed.closingCashPaise !== undefined && (
            <div>
              <dt>{t('meeting.closingCash')}</dt>
              <dd>
                <Money paise={listed.closingCashPaise} />
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="f-notice">{t('fieldApp.summary.notHere')}</p>
      )}
      <p>
        <a className="button-link primary-link f-big" href={fieldHref({ name: 'group', shgId })} data-testid="summary-done">
          {t('fieldApp.summary.done')}
        </a>
      </p>
    </section>
  );
}

function Receipt({ receipt, names }: { receipt: MeetingReceipt; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const fmt = useFmt();
  return (
    <>
      <ReadAloud lines={() => summaryLines(t, receipt, names, fmt)} lang={i18n.language} />
      <h2>{t('fieldApp.summary.group')}</h2>
      <dl className="facts large f-group-totals">
        <div>
          <dt>{t('meetings.present')}</dt>
          <dd>
            {fmt.number(receipt.present)} / {fmt.number(receipt.present + receipt.absent)}
          </dd>
        </div>
        <div>
          <dt>{t('fieldApp.meeting.collected')}</dt>
          <dd data-testid="summary-collected">
            <Money paise={receipt.collectedPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('column.savings')}</dt>
          <dd>
            <Money paise={receipt.savingsPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('column.repayments')}</dt>
          <dd>
            <Money paise={receipt.repaidPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('column.fines')}</dt>
          <dd>
            <Money paise={receipt.finesPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('column.disbursements')}</dt>
          <dd>
            <Money paise={receipt.disbursedPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('meeting.expenses')}</dt>
          <dd>
            <Money paise={receipt.expensesPaise} />
          </dd>
        </div>
        <div className="highlight">
          <dt>{t('meeting.closingCash')}</dt>
          <dd data-testid="summary-cash">
            <Money paise={receipt.closingCashPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('shg.bank')}</dt>
          <dd>
            <Money paise={receipt.closingBankPaise} />
          </dd>
        </div>
        <div className={receipt.cashDifferencePaise ? 'attention' : undefined}>
          <dt>{t('column.cashDifference')}</dt>
          <dd data-testid="summary-difference">{receipt.cashDifferencePaise === null ? t('meeting.notCounted') : <Money paise={receipt.cashDifferencePaise} />}</dd>
        </div>
      </dl>
      <h2>{t('fieldApp.summary.members')}</h2>
      <ul className="f-member-cards">
        {receipt.memberSummaries.map((s) => (
          <li key={s.memberId} className="f-member-card">
            <p className="f-name">
              {names.get(s.memberId) ?? '—'} {s.attendance && <span className="badge">{t(`attendance.${s.attendance}`)}</span>}
            </p>
            <dl>
              <div>
                <dt>{t('fieldApp.summary.paidToday')}</dt>
                <dd>
                  <Money paise={s.paidPaise} strong />
                </dd>
              </div>
              {s.receivedPaise > 0 && (
                <div>
                  <dt>{t('fieldApp.summary.received')}</dt>
                  <dd>
                    <Money paise={s.receivedPaise} strong />
                  </dd>
                </div>
              )}
              <div>
                <dt>{t('passbook.savingsNow')}</dt>
                <dd>
                  <Money paise={s.totalSavings.compulsoryPaise + s.totalSavings.voluntaryPaise} strong />
                </dd>
              </div>
              <div>
                <dt>{t('passbook.loanNow')}</dt>
                <dd>
                  <Money paise={s.loanOutstandingPaise} strong />
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A button; never a crash. No speech, or no voice for her language: it says so. */
function ReadAloud({ lines, lang }: { lines: () => string[]; lang: string }) {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => () => stopSpeaking(), []);
  useEffect(() => setNote(null), [lang]);
  return (
    <div className="f-read">
      <button
        type="button"
        className="primary f-big"
        data-testid="read-aloud"
        onClick={async () => {
          if (speaking) {
            stopSpeaking();
            setSpeaking(false);
            return;
          }
          const voice = await findVoice(lang);
          if (voice.status === 'no-speech') return setNote(t('fieldApp.speak.noSpeech'));
          if (voice.status === 'no-voice') return setNote(t('fieldApp.speak.noVoice'));
          setNote(null);
          setSpeaking(speak(lines(), voice.voice));
        }}
      >
        <Icon name="speaker" size="1.3em" /> {speaking ? t('fieldApp.speak.stop') : t('fieldApp.speak.button')}
      </button>
      {note && (
        <p className="f-hint" role="status" data-testid="read-aloud-note">
          {note}
        </p>
      )}
    </div>
  );
}
