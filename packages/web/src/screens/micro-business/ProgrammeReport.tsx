import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mbDownloadUrl, mbPaths, microBusinessApi, type ProgrammeReportRow } from '../../api/micro-business.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import type { NodeSectionProps } from '../node-sections.ts';
import { api } from '../../api.ts';
import { RegisterPartnerForm } from './ProgrammeAdmin.tsx';
import { count, lastMonth, money, monthLabel } from './money.ts';

/**
 * The programme's aggregate counts (participants by status, results in a month, averages) for a place of the
 * tree or one partner. Counts of fewer than 11 people show as "<11", and so do the cells that would give one away.
 */
export function ProgrammeReportView({ nodeId, partnerId }: { nodeId?: string; partnerId?: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [month, setMonth] = useState(lastMonth());
  const state = useLoad((signal) => microBusinessApi.report({ nodeId, partnerId, month }, { signal }), [nodeId, partnerId, month]);
  const query = { nodeId, partnerId, month };
  const row = (r: ProgrammeReportRow, total = false) => (
    <tr key={r.partnerId ?? 'total'} className={total ? 'total' : undefined}>
      <th scope="row">
        {total ? t('mb.report.allPartners') : r.name}
        {r.nodeName && <span className="muted"> · {r.nodeName}</span>}
      </th>
      <td className="num">{count(fmt, r.counts.enrolled)}</td>
      <td className="num">{count(fmt, r.counts.planning)}</td>
      <td className="num">{count(fmt, r.counts.running)}</td>
      <td className="num">{count(fmt, r.counts.paused)}</td>
      <td className="num">{count(fmt, r.counts.closed)}</td>
      <td className="num strong">{count(fmt, r.counts.participants)}</td>
      <td className="num">{count(fmt, r.counts.reporting)}</td>
      <td className="num">{count(fmt, r.counts.inProfit)}</td>
      <td className="num">{count(fmt, r.counts.notInProfit)}</td>
      <td className="num">{money(fmt, r.currency, r.money.averageSalesMinor)}</td>
      <td className="num">{money(fmt, r.currency, r.money.averageProfitMinor)}</td>
      <td className="num">{money(fmt, r.currency, r.money.averagePlannedProfitMinor)}</td>
    </tr>
  );
  return (
    <section className="mb-report">
      <form className="period-picker no-print" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="mb-month">{t('mb.report.month')}</label>
          <input id="mb-month" type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </div>
      </form>
      <p className="downloads no-print">
        <a className="button-link" href={mbDownloadUrl(mbPaths.report, 'csv', query)} download>
          {t('mb.downloadCsv')}
        </a>{' '}
        <a className="button-link" href={mbDownloadUrl(mbPaths.report, 'xlsx', query)} download>
          {t('mb.downloadXlsx')}
        </a>
      </p>
      <Loaded state={state}>
        {(report) =>
          report.rows.length === 0 ? (
            <Empty>{t('mb.report.none')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption>{t('mb.report.caption', { month: monthLabel(fmt, report.month) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mb.report.partner')}</th>
                      <th scope="col" className="num">{t('mbStatus.enrolled')}</th>
                      <th scope="col" className="num">{t('mbStatus.planning')}</th>
                      <th scope="col" className="num">{t('mbStatus.running')}</th>
                      <th scope="col" className="num">{t('mbStatus.paused')}</th>
                      <th scope="col" className="num">{t('mbStatus.closed')}</th>
                      <th scope="col" className="num">{t('mb.report.participants')}</th>
                      <th scope="col" className="num">{t('mb.report.reporting')}</th>
                      <th scope="col" className="num">{t('mb.report.inProfit')}</th>
                      <th scope="col" className="num">{t('mb.report.notInProfit')}</th>
                      <th scope="col" className="num">{t('mb.report.averageSales')}</th>
                      <th scope="col" className="num">{t('mb.report.averageProfit')}</th>
                      <th scope="col" className="num">{t('mb.report.averagePlannedProfit')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.rows.map((r) => row(r))}
                    {report.total && row(report.total, true)}
                  </tbody>
                </table>
              </div>
              <p className="muted">{t('mb.report.smallCells', { n: fmt.number(report.threshold) })}</p>
              {report.total && report.total.currency === null && <p className="muted">{t('mb.report.currencies')}</p>}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** The node page's section: the programme's counts for this place and everything under it. */
export default function MicroBusinessSection({ detail }: NodeSectionProps) {
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  // Administrators of this place (or above it) register the partner organisations that run the programme here.
  const me = useLoad((signal) => api.me({ signal }), []);
  const reach = new Set([nodeId, ...detail.ancestors.map((a) => String(a.id))]);
  const admin = me.status === 'ok' && me.data.roles.some((r) => r.role === 'admin' && reach.has(String(r.nodeId)));
  return (
    <>
      <ProgrammeReportView key={version} nodeId={nodeId} />
      {admin && <RegisterPartnerForm nodeId={nodeId} onDone={() => setVersion((v) => v + 1)} />}
    </>
  );
}
