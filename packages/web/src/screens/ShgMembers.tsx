import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';
import { href } from '../router.ts';

export function ShgMembers({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => api.members(shgId, { signal }), [shgId]);
  return (
    <Loaded state={state}>
      {(members) => {
        if (members.length === 0) return <Empty>{t('members.none')}</Empty>;
        const sum = (f: (m: (typeof members)[number]) => number) => members.reduce((s, m) => s + f(m), 0);
        return (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('shg.tab.members')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('column.membershipNumber')}</th>
                  <th scope="col">{t('column.memberName')}</th>
                  <th scope="col">{t('members.joinedOn')}</th>
                  <th scope="col">{t('column.status')}</th>
                  <th scope="col" className="num">
                    {t('column.compulsorySavings')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.voluntarySavings')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.totalSavings')}
                  </th>
                  <th scope="col" className="num">
                    {t('column.loanOutstanding')}
                  </th>
                  <th scope="col" className="no-print">
                    <span className="visually-hidden">{t('members.passbook')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={String(m.id)} className={m.status === 'left' ? 'inactive' : undefined}>
                    <td className="code">{fmt.digits(m.membershipNumber)}</td>
                    <th scope="row">{m.name}</th>
                    <td className="date">{fmt.date(m.joinedOn)}</td>
                    <td>{valueLabel(t, 'status', m.status)}</td>
                    <td className="num">
                      <Money paise={m.compulsorySavingsPaise} />
                    </td>
                    <td className="num">
                      <Money paise={m.voluntarySavingsPaise} />
                    </td>
                    <td className="num">
                      <Money paise={m.compulsorySavingsPaise + m.voluntarySavingsPaise} />
                    </td>
                    <td className="num">
                      <Money paise={m.loanOutstandingPaise} />
                    </td>
                    <td className="no-print">
                      <a className="button-link" href={href({ name: 'passbook', shgId, memberId: String(m.id), params: {} })}>
                        {t('members.passbook')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    {t('common.total')}
                  </th>
                  <td className="num">
                    <Money paise={sum((m) => m.compulsorySavingsPaise)} strong />
                  </td>
                  <td className="num">
                    <Money paise={sum((m) => m.voluntarySavingsPaise)} strong />
                  </td>
                  <td className="num">
                    <Money paise={sum((m) => m.compulsorySavingsPaise + m.voluntarySavingsPaise)} strong />
                  </td>
                  <td className="num">
                    <Money paise={sum((m) => m.loanOutstandingPaise)} strong />
                  </td>
                  <td className="no-print" />
                </tr>
              </tfoot>
            </table>
          </div>
        );
      }}
    </Loaded>
  );
}
