import { useTranslation } from 'react-i18next';
import { api, type ExternalLoan, type InternalLoan } from '../api.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';

export function ShgLoans({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => api.loans(shgId, { signal }), [shgId]);
  return (
    <Loaded state={state}>
      {(loans) => (
        <>
          <h2>{t('loans.internal')}</h2>
          {loans.internal.length === 0 ? <Empty>{t('loans.noInternal')}</Empty> : <InternalTable loans={loans.internal} />}
          <h2>{t('loans.external')}</h2>
          {loans.external.length === 0 ? <Empty>{t('loans.noExternal')}</Empty> : <ExternalTable loans={loans.external} />}
        </>
      )}
    </Loaded>
  );
}

function InternalTable({ loans }: { loans: InternalLoan[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const sum = (f: (l: InternalLoan) => number | undefined) => loans.reduce((s, l) => s + (f(l) ?? 0), 0);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('column.memberName')}</th>
            <th scope="col">{t('column.disbursedOn')}</th>
            <th scope="col">{t('column.loanKind')}</th>
            <th scope="col" className="num">
              {t('column.principal')}
            </th>
            <th scope="col" className="num">
              {t('column.outstanding')}
            </th>
            <th scope="col" className="num">
              {t('column.interestDue')}
            </th>
            <th scope="col">{t('column.status')}</th>
            <th scope="col" className="num">
              {t('column.daysPastDue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {loans.map((l) => (
            <tr key={String(l.id)}>
              <th scope="row">{l.memberName}</th>
              <td className="date">{fmt.date(l.disbursedOn)}</td>
              <td>{valueLabel(t, 'loanKind', l.kind)}</td>
              <td className="num">
                <Money paise={l.principalPaise} />
              </td>
              <td className="num">
                <Money paise={l.outstandingPaise} />
              </td>
              <td className="num">
                <Money paise={l.interestDuePaise} />
              </td>
              <td>{valueLabel(t, 'status', l.status)}</td>
              <td className={`num${(l.daysPastDue ?? 0) > 0 ? ' attention' : ''}`}>{fmt.number(l.daysPastDue)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('common.total')}
            </th>
            <td className="num">
              <Money paise={sum((l) => l.principalPaise)} strong />
            </td>
            <td className="num">
              <Money paise={sum((l) => l.outstandingPaise)} strong />
            </td>
            <td className="num">
              <Money paise={sum((l) => l.interestDuePaise)} strong />
            </td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ExternalTable({ loans }: { loans: ExternalLoan[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const sum = (f: (l: ExternalLoan) => number | undefined) => loans.reduce((s, l) => s + (f(l) ?? 0), 0);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('column.lender')}</th>
            <th scope="col">{t('column.lenderName')}</th>
            <th scope="col">{t('column.sanctionedOn')}</th>
            <th scope="col">{t('column.loanKind')}</th>
            <th scope="col" className="num">
              {t('column.limit')}
            </th>
            <th scope="col" className="num">
              {t('column.principal')}
            </th>
            <th scope="col" className="num">
              {t('column.outstanding')}
            </th>
          </tr>
        </thead>
        <tbody>
          {loans.map((l) => (
            <tr key={String(l.id)}>
              <th scope="row">{valueLabel(t, 'lender', l.lender)}</th>
              <td>{l.lenderName}</td>
              <td className="date">{fmt.date(l.sanctionedOn)}</td>
              <td>{valueLabel(t, 'loanKind', l.kind)}</td>
              <td className="num">{l.limitPaise === null ? '—' : <Money paise={l.limitPaise} />}</td>
              <td className="num">
                <Money paise={l.principalPaise} />
              </td>
              <td className="num">
                <Money paise={l.outstandingPaise} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              {t('common.total')}
            </th>
            <td className="num">
              <Money paise={sum((l) => l.principalPaise)} strong />
            </td>
            <td className="num">
              <Money paise={sum((l) => l.outstandingPaise)} strong />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
