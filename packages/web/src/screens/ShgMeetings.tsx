import { useTranslation } from 'react-i18next';
import { api, type MeetingSummary } from '../api.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../components/common.tsx';
import { href } from '../router.ts';

/** Newest first; equal dates keep the server's order. */
export function sortMeetings(meetings: readonly MeetingSummary[]): MeetingSummary[] {
  return [...meetings].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

export function ShgMeetings({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => api.meetings(shgId, { signal }), [shgId]);
  return (
    <Loaded state={state}>
      {(all) => {
        if (all.length === 0) return <Empty>{t('meetings.none')}</Empty>;
        const meetings = sortMeetings(all);
        const counted = meetings.filter((m) => !m.reversed);
        const sum = (f: (m: MeetingSummary) => number) => counted.reduce((s, m) => s + f(m), 0);
        return (
          <div className="table-wrap">
            <table className="clickable">
              <caption className="visually-hidden">{t('shg.tab.meetings')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('column.date')}</th>
                  <th scope="col" className="num">
                    {t('meetings.present')}
                  </th>
                  <th scope="col" className="num">
                    {t('meetings.absent')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.savings')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.repayments')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.disbursements')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.cashDifference')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {meetings.map((m) => (
                  <tr key={String(m.id)} className={m.reversed ? 'reversed' : undefined}>
                    <th scope="row">
                      <a href={href({ name: 'meeting', shgId, meetingId: String(m.id) })}>{fmt.date(m.date)}</a>
                      {m.reversed && <span className="badge warn">{t('meetings.reversed')}</span>}
                    </th>
                    <td className="num">{fmt.number(m.present)}</td>
                    <td className="num">{fmt.number(m.absent)}</td>
                    <td className="num">
                      <Money paise={m.savingsPaise} />
                    </td>
                    <td className="num">
                      <Money paise={m.repaymentsPaise} />
                    </td>
                    <td className="num">
                      <Money paise={m.disbursementsPaise} />
                    </td>
                    <td className={`num${m.cashDifferencePaise ? ' attention' : ''}`}>
                      {m.cashDifferencePaise === null ? '—' : <Money paise={m.cashDifferencePaise} />}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('meetings.totalNotReversed')}</th>
                  <td />
                  <td />
                  <td className="num">
                    <Money paise={sum((m) => m.savingsPaise)} strong />
                  </td>
                  <td className="num">
                    <Money paise={sum((m) => m.repaymentsPaise)} strong />
                  </td>
                  <td className="num">
                    <Money paise={sum((m) => m.disbursementsPaise)} strong />
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        );
      }}
    </Loaded>
  );
}
