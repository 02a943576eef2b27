import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Loaded, PrintButton, useLoad } from '../../components/common.tsx';
import { PeriodPicker, PeriodText } from '../../components/PeriodPicker.tsx';
import { ReportSummary, ReportTable } from '../../components/ReportTable.tsx';
import { sectionTitle } from '../../labels.ts';
import { reportInfo } from '../../reports.ts';
import { navigate } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';

/**
 * A federation's own books. The report routes read any node that keeps books (the SHG report routes take the
 * node's id), so the ledger reports that do not read members' registers apply to a VO, CLF or BLF as well.
 */
export const FEDERATION_REPORTS = ['trial-balance', 'income-expenditure', 'balance-sheet'] as const;

export default function FederationReports({ detail, params }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [name, setName] = useState<(typeof FEDERATION_REPORTS)[number]>('trial-balance');
  const period = reportInfo(name)?.period ?? 'asOf';
  const report = useLoad((signal) => api.report(nodeId, name, params, { signal }), [nodeId, name, params.from, params.to, params.asOf]);
  return (
    <div className="federation-reports">
      <div className="choice no-print" role="group" aria-label={t('federation.chooseReport')}>
        {FEDERATION_REPORTS.map((r) => (
          <button key={r} type="button" aria-pressed={r === name} className={r === name ? 'primary' : undefined} onClick={() => setName(r)}>
            {t(`report.${r}`)}
          </button>
        ))}
      </div>
      <h2>{t(`report.${name}`)}</h2>
      <div className="toolbar no-print">
        <PeriodPicker period={period} value={params} onChange={(p) => navigate({ name: 'node', nodeId, section: 'books', params: { ...params, ...p } })} />
        <PrintButton />
      </div>
      <Loaded state={report}>
        {(r) => (
          <div className="report">
            <PeriodText params={r.params} period={period} />
            {r.sections && r.sections.length > 0 ? (
              r.sections.map((s, i) => (
                <div key={i} className="report-section">
                  <h3>{sectionTitle(t, s.titleKey)}</h3>
                  <ReportTable data={s} />
                </div>
              ))
            ) : (
              <ReportTable data={r} />
            )}
            {r.sections && r.sections.length > 0 && r.rows.length > 0 && <ReportTable data={r} />}
            <ReportSummary report={r} tableShown={!r.sections || r.sections.length === 0 || r.rows.length > 0} />
          </div>
        )}
      </Loaded>
    </div>
  );
}
