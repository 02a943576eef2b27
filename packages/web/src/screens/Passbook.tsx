import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Loaded, Money, PrintButton, useFmt, useLoad } from '../components/common.tsx';
import { PeriodPicker, PeriodText } from '../components/PeriodPicker.tsx';
import { ReportSummary, ReportTable } from '../components/ReportTable.tsx';
import { sectionTitle } from '../labels.ts';
import { todayIso } from '../format.ts';
import { href, navigate, type RouteParams } from '../router.ts';
import { paramsOf, withoutEmptyColumns } from '../components/reportCells.ts';

/**
 * A member's passbook: her savings and loans by meeting date with running balances, in large type, ready to
 * print on A4 and hand to her (or read out to her) in her language.
 */
export default function Passbook({ shgId, memberId, params }: { shgId: string; memberId: string; params: RouteParams }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const context = useLoad(
    async (signal) => {
      const [shg, members] = await Promise.all([api.shg(shgId, { signal }), api.members(shgId, { signal })]);
      return { shg, member: members.find((m) => String(m.id) === memberId) };
    },
    [shgId, memberId],
  );
  const report = useLoad(
    (signal) => api.report(shgId, 'passbook', { ...params, memberId }, { signal }),
    [shgId, memberId, params.from, params.to, params.asOf],
  );
  const shown = report.status === 'ok' ? { ...paramsOf(report.data), ...params } : params;

  return (
    <section className="passbook">
      <p className="no-print">
        <a href={href({ name: 'shg', shgId, tab: 'members' })}>← {t('passbook.back')}</a>
      </p>
      <Loaded state={context}>
        {({ shg, member }) => (
          <header className="passbook-head">
            <p className="passbook-label">{t('passbook.title')}</p>
            <h1>{member?.name ?? t('passbook.unknownMember')}</h1>
            <dl className="facts large">
              {member && (
                <div>
                  <dt>{t('column.membershipNumber')}</dt>
                  <dd>{fmt.digits(member.membershipNumber)}</dd>
                </div>
              )}
              <div>
                <dt>{t('passbook.group')}</dt>
                <dd>
                  {shg.name} <span className="code">{shg.code}</span>
                </dd>
              </div>
              {member && (
                <>
                  <div>
                    <dt>{t('members.joinedOn')}</dt>
                    <dd>{fmt.date(member.joinedOn)}</dd>
                  </div>
                  <div className="highlight">
                    <dt>{t('passbook.savingsNow')}</dt>
                    <dd>
                      <Money paise={member.compulsorySavingsPaise + member.voluntarySavingsPaise} strong />
                    </dd>
                  </div>
                  <div className="highlight">
                    <dt>{t('passbook.loanNow')}</dt>
                    <dd>
                      <Money paise={member.loanOutstandingPaise} strong />
                    </dd>
                  </div>
                </>
              )}
            </dl>
          </header>
        )}
      </Loaded>
      <div className="toolbar no-print">
        <PeriodPicker period="range" value={shown} onChange={(p) => navigate({ name: 'passbook', shgId, memberId, params: p })} />
        <PrintButton />
      </div>
      <Loaded state={report}>
        {(r) => (
          <div className="report">
            <PeriodText params={r.params} period="range" />
            {r.sections && r.sections.length > 0 ? (
              r.sections.map((s, i) => (
                <div key={i} className="report-section">
                  <h2>{sectionTitle(t, s.titleKey)}</h2>
                  <ReportTable data={withoutEmptyColumns(s)} large />
                </div>
              ))
            ) : (
              <ReportTable data={withoutEmptyColumns(r)} large />
            )}
            <ReportSummary report={r} tableShown={!r.sections || r.sections.length === 0} />
            <p className="print-only muted">{t('reportView.printedOn', { date: fmt.date(todayIso()) })}</p>
          </div>
        )}
      </Loaded>
    </section>
  );
}
