import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, type MeetingDetail } from '../api.ts';
import { Empty, Loaded, Money, PrintButton, useFmt, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';
import { href } from '../router.ts';
import { ShgHeader, useShg } from './Shg.tsx';

type MemberLine = MeetingDetail['members'][number];
const AMOUNTS: { key: keyof MemberLine & `${string}Paise`; label: (t: TFunction) => string }[] = [
  { key: 'compulsoryPaise', label: (t) => t('column.compulsorySavings') },
  { key: 'voluntaryPaise', label: (t) => t('column.voluntarySavings') },
  { key: 'repaymentPaise', label: (t) => t('column.repayment') },
  { key: 'finesPaise', label: (t) => t('column.fines') },
  { key: 'disbursedPaise', label: (t) => t('column.disbursed') },
];
const WITHDRAWAL: (typeof AMOUNTS)[number] = { key: 'withdrawalPaise', label: (t) => t('column.savingsWithdrawal') };

export function MeetingPage({ shgId, meetingId }: { shgId: string; meetingId: string }) {
  const { t } = useTranslation();
  const shg = useShg(shgId);
  const meeting = useLoad((signal) => api.meeting(meetingId, { signal }), [meetingId]);
  return (
    <section>
      <Loaded state={shg}>{(s) => <ShgHeader shg={s} />}</Loaded>
      <p className="no-print">
        <a href={href({ name: 'shg', shgId, tab: 'meetings' })}>← {t('meeting.back')}</a>
      </p>
      <Loaded state={meeting}>{(m) => <MeetingView meeting={m} />}</Loaded>
      <p className="no-print">
        <PrintButton />
      </p>
    </section>
  );
}

function MeetingView({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const present = meeting.attendance.filter((a) => a.status !== 'absent').length;
  // Savings withdrawals are shown only when the meeting had any.
  const amounts = meeting.members.some((m) => (m.withdrawalPaise ?? 0) !== 0) ? [...AMOUNTS.slice(0, 2), WITHDRAWAL, ...AMOUNTS.slice(2)] : AMOUNTS;
  return (
    <div className="meeting">
      <h2>
        {t('meeting.title', { date: fmt.dateLong(meeting.date) })}
        {meeting.status === 'reversed' && <span className="badge warn">{t('meetings.reversed')}</span>}
      </h2>

      <h3>{t('meeting.attendance')}</h3>
      <p>{t('meeting.presentOf', { present: fmt.number(present), total: fmt.number(meeting.attendance.length) })}</p>
      {meeting.attendance.length === 0 ? (
        <Empty>{t('meeting.noAttendance')}</Empty>
      ) : (
        <ul className="attendance">
          {meeting.attendance.map((a) => (
            <li key={String(a.memberId)} className={`att att-${a.status}`}>
              <span>{a.memberName}</span> <span className="badge">{valueLabel(t, 'attendance', a.status)}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('meeting.members')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('column.memberName')}</th>
              {amounts.map((c) => (
                <th key={c.key} scope="col" className="num">
                  {c.label(t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {meeting.members.map((m) => (
              <tr key={String(m.memberId)}>
                <th scope="row">{m.memberName}</th>
                {amounts.map((c) => (
                  <td key={c.key} className="num">
                    <Money paise={m[c.key] ?? 0} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('common.total')}</th>
              {amounts.map((c) => (
                <td key={c.key} className="num">
                  <Money paise={meeting.members.reduce((s, m) => s + (m[c.key] ?? 0), 0)} strong />
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="two-col">
        <div>
          <h3>{t('meeting.otherReceipts')}</h3>
          <KindList items={meeting.otherReceipts} group="receipt" />
        </div>
        <div>
          <h3>{t('meeting.expenses')}</h3>
          <KindList items={meeting.expenses} group="expense" />
        </div>
      </div>

      <h3>{t('meeting.cash')}</h3>
      <dl className="facts">
        <div>
          <dt>{t('meeting.bankDeposit')}</dt>
          <dd>
            <Money paise={meeting.bankDepositPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('meeting.bankWithdrawal')}</dt>
          <dd>
            <Money paise={meeting.bankWithdrawalPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('meeting.closingCash')}</dt>
          <dd>
            <Money paise={meeting.closingCashPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('meeting.cashCounted')}</dt>
          <dd>{meeting.cashCountedPaise === null ? t('meeting.notCounted') : <Money paise={meeting.cashCountedPaise} />}</dd>
        </div>
        <div className={meeting.cashDifferencePaise ? 'attention' : undefined}>
          <dt>{t('column.cashDifference')}</dt>
          <dd>{meeting.cashDifferencePaise === null ? t('meeting.notCounted') : <Money paise={meeting.cashDifferencePaise} />}</dd>
        </div>
      </dl>
    </div>
  );
}

function KindList({ items, group }: { items: { kind: string; amountPaise: number }[]; group: 'receipt' | 'expense' }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Empty>{t('common.none')}</Empty>;
  return (
    <table>
      <tbody>
        {items.map((item, i) => (
          <tr key={i}>
            <th scope="row">{valueLabel(t, group, item.kind)}</th>
            <td className="num">
              <Money paise={item.amountPaise} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('common.total')}</th>
          <td className="num">
            <Money paise={items.reduce((s, x) => s + x.amountPaise, 0)} strong />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
