import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Loaded, PrintButton, useFmt, useLoad } from '../components/common.tsx';
import { PeriodPicker, PeriodText } from '../components/PeriodPicker.tsx';
import { ReportSummary, ReportTable } from '../components/ReportTable.tsx';
import { sectionTitle } from '../labels.ts';
import { todayIso } from '../format.ts';
import { reportInfo } from '../reports.ts';
import { href, navigate, type RouteParams } from '../router.ts';
import { paramsOf } from '../components/reportCells.ts';
import { ShgHeader, useShg } from './Shg.tsx';

export default function ReportView({ shgId, name, params }: { shgId: string; name: string; params: RouteParams }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const info = reportInfo(name);
  const shg = useShg(shgId);
  const report = useLoad((signal) => api.report(shgId, name, params, { signal }), [shgId, name, params.from, params.to, params.asOf, params.memberId]);
  const period = info?.period ?? 'range';
  const shown = report.status === 'ok' ? { ...paramsOf(report.data), ...params } : params;
  return (
    <section className="report-page">
      <Loaded state={shg}>{(s) => <ShgHeader shg={s} />}</Loaded>
      <p className="no-print">
        <a href={href({ name: 'shg', shgId, tab: 'reports' })}>← {t('reportView.back')}</a>
      </p>
      <h2>{t(`report.${name}`, { defaultValue: name })}</h2>
      <div className="toolbar no-print">
        <PeriodPicker period={period} value={shown} onChange={(p) => navigate({ name: 'report', shgId, report: name, params: { ...p, ...(params.memberId ? { memberId: params.memberId } : {}) } })} />
        <PrintButton />
      </div>
      <Loaded state={report}>
        {(r) => (
          <div className="report">
            <p className="muted">
              {t('reportView.entity', { code: r.entityCode })}
            </p>
            <PeriodText params={r.params} period={period} />
            <p className="print-only muted">{t('reportView.printedOn', { date: fmt.date(todayIso()) })}</p>
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
    </section>
  );
}
