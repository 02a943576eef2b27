import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MeetingFrequency, Shg } from '../api.ts';
import { Empty, Money, useFmt } from '../components/common.tsx';
import type { Formatter } from '../format.ts';
import { valueLabel } from '../labels.ts';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** meetingDay may be a weekday name, a weekday number (0 or 7 = Sunday, 1 = Monday) or, for monthly groups, a day of the month. */
export function meetingDayText(t: TFunction, fmt: Formatter, frequency: MeetingFrequency, day: string | number | null): string {
  if (day === null || day === undefined || day === '') return '—';
  const n = typeof day === 'number' ? day : /^\d+$/.test(day) ? Number(day) : undefined;
  if (n === undefined) return valueLabel(t, 'weekday', String(day).toLowerCase());
  if (frequency === 'monthly') return t('shg.dayOfMonth', { day: fmt.number(n) });
  return valueLabel(t, 'weekday', WEEKDAYS[n % 7]);
}

export function ShgOverview({ shg }: { shg: Shg }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div className="overview">
      <dl className="facts">
        <div>
          <dt>{t('shg.formedOn')}</dt>
          <dd>{fmt.date(shg.formedOn)}</dd>
        </div>
        <div>
          <dt>{t('shg.meetings')}</dt>
          <dd>
            {valueLabel(t, 'frequency', shg.meetingFrequency)}, {meetingDayText(t, fmt, shg.meetingFrequency, shg.meetingDay)}
          </dd>
        </div>
        <div>
          <dt>{t('shg.savingsRule')}</dt>
          <dd>{t('shg.savingsPerMeeting', { amount: fmt.money(shg.compulsorySavingsPaise) })}</dd>
        </div>
        <div>
          <dt>{t('shg.status')}</dt>
          <dd>{valueLabel(t, 'status', shg.status)}</dd>
        </div>
        <div>
          <dt>{t('shg.memberCount')}</dt>
          <dd>{fmt.number(shg.memberCount)}</dd>
        </div>
        <div>
          <dt>{t('shg.cash')}</dt>
          <dd>
            <Money paise={shg.cashPaise} />
          </dd>
        </div>
        <div>
          <dt>{t('shg.bank')}</dt>
          <dd>
            <Money paise={shg.bankPaise} />
          </dd>
        </div>
      </dl>

      <h2>{t('shg.bankAccounts')}</h2>
      {shg.bankAccounts.length === 0 ? (
        <Empty>{t('shg.noBankAccounts')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('shg.bankName')}</th>
                <th scope="col">{t('shg.bankBranch')}</th>
                <th scope="col">{t('shg.accountNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {shg.bankAccounts.map((a, i) => (
                <tr key={i}>
                  <td>{a.bankName}</td>
                  <td>{a.branch}</td>
                  <td className="code">{a.accountNumberMasked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('shg.officeBearers')}</h2>
      {shg.officeBearers.length === 0 ? (
        <Empty>{t('shg.noOfficeBearers')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('shg.bearerRole')}</th>
                <th scope="col">{t('column.memberName')}</th>
                <th scope="col">{t('shg.from')}</th>
                <th scope="col">{t('shg.to')}</th>
              </tr>
            </thead>
            <tbody>
              {shg.officeBearers.map((b, i) => (
                <tr key={i}>
                  <td>{valueLabel(t, 'bearer', b.role)}</td>
                  <td>{b.memberName}</td>
                  <td className="date">{fmt.date(b.from)}</td>
                  <td className="date">{b.to ? fmt.date(b.to) : t('shg.current')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
