import { useTranslation } from 'react-i18next';
import { federationApi, type GroupReadiness, type ReadinessReport, type Reason } from '../../api/federations.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { PeriodPicker } from '../../components/PeriodPicker.tsx';
import { href, navigate } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { reasonText } from './reasons.ts';

/**
 * Readiness of a place: for a village, the VO formation trigger over its SHGs; for a cluster, the CLF trigger over
 * its VOs. The verdict, every shortfall in words, each group's standing, and whether each SHG is functional (with
 * the screening of SHGs promoted earlier by others). Computed by the server from the records as of a date.
 */
export default function Readiness({ detail, params }: NodeSectionProps) {
  const nodeId = String(detail.node.id);
  const state = useLoad((signal) => federationApi.readiness(nodeId, params.asOf, { signal }), [nodeId, params.asOf]);
  return (
    <div className="readiness">
      <div className="toolbar no-print">
        <PeriodPicker period="asOf" value={params} onChange={(p) => navigate({ name: 'node', nodeId, section: 'readiness', params: p })} />
      </div>
      <Loaded state={state}>{(r) => <ReadinessView report={r} />}</Loaded>
    </div>
  );
}

function ReadinessView({ report }: { report: ReadinessReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const trigger = report.trigger;
  return (
    <>
      <p className="muted">
        {t('readiness.asOf', { date: fmt.date(report.asOf) })} · {t('rules.usedVersion', { version: fmt.number(report.ruleSet.version) })}
      </p>
      {trigger && (
        <section aria-labelledby="trigger-title" className={`verdict ${trigger.met ? 'verdict-ok' : 'verdict-short'}`}>
          <h2 id="trigger-title">{t(trigger.level === 'vo' ? 'readiness.voTrigger' : 'readiness.clfTrigger')}</h2>
          <p className="verdict-line">
            <strong>{trigger.met ? t('readiness.met') : t('readiness.notMet')}</strong>{' '}
            {t(trigger.level === 'vo' ? 'readiness.qualifyingShgs' : 'readiness.qualifyingVos', { qualifying: fmt.number(trigger.qualifying), required: fmt.number(trigger.required) })}
          </p>
          {trigger.reasons.length > 0 && (
            <>
              <h3>{t('readiness.shortfalls')}</h3>
              <ReasonList reasons={trigger.reasons} />
            </>
          )}
          {trigger.notes.length > 0 && (
            <>
              <h3>{t('readiness.notes')}</h3>
              <ReasonList reasons={trigger.notes} />
            </>
          )}
        </section>
      )}
      {trigger?.level === 'clf' ? <VoTable groups={trigger.groups} /> : <ShgTable report={report} />}
    </>
  );
}

function ReasonList({ reasons }: { reasons: Reason[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i} data-rule={r.rule}>
          {reasonText(t, fmt, r)}
        </li>
      ))}
    </ul>
  );
}

function YesNo({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return <span className={`badge ${value ? 'yes' : 'warn'}`}>{value ? t('common.yes') : t('common.no')}</span>;
}

function ShgTable({ report }: { report: ReadinessReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const groups = new Map((report.trigger?.groups ?? []).map((g) => [g.id, g]));
  if (report.shgs.length === 0) return <Empty>{t('readiness.noShgs')}</Empty>;
  return (
    <>
      <h2>{t('readiness.shgs')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('kind.shg')}</th>
              <th scope="col">{t('readiness.functional')}</th>
              <th scope="col" className="num">
                {t('readiness.meetingsHeld')}
              </th>
              <th scope="col" className="num">
                {t('readiness.savingsMissed')}
              </th>
              {report.trigger && (
                <>
                  <th scope="col" className="num">
                    {t('readiness.activeMembers')}
                  </th>
                  <th scope="col">{t('readiness.trained')}</th>
                  <th scope="col">{t('readiness.qualifiesForVo')}</th>
                </>
              )}
              <th scope="col">{t('readiness.screening')}</th>
              <th scope="col">{t('readiness.why')}</th>
            </tr>
          </thead>
          <tbody>
            {report.shgs.map((s) => {
              const g: GroupReadiness | undefined = groups.get(s.shgId);
              const reasons = g ? g.reasons : [...s.reasons, ...(s.screening?.reasons ?? [])];
              return (
                <tr key={s.shgId}>
                  <th scope="row">
                    <a href={href({ name: 'shg', shgId: s.shgId, tab: 'overview' })}>{s.name}</a>
                  </th>
                  <td>
                    <YesNo value={s.functional} />
                  </td>
                  <td className="num">{t('readiness.nOfM', { n: fmt.number(s.meetingsHeld), m: fmt.number(s.expectedMeetings) })}</td>
                  <td className={`num${s.missedSavings.length > 0 ? ' attention' : ''}`}>{fmt.number(s.missedSavings.length)}</td>
                  {report.trigger && (
                    <>
                      <td className="num">{fmt.number(g?.activeMembers)}</td>
                      <td>{g?.trained === undefined ? '—' : <YesNo value={g.trained} />}</td>
                      <td>{g ? <YesNo value={g.qualifies} /> : '—'}</td>
                    </>
                  )}
                  <td>
                    {s.screening === null ? (
                      <span className="muted">{t('readiness.notPreExisting')}</span>
                    ) : (
                      <>
                        <YesNo value={s.screening.eligible} />{' '}
                        {t('readiness.poorShare', { poor: fmt.number(s.screening.poorMembers), members: fmt.number(s.screening.members), percent: fmt.percent(s.screening.percent) })}
                      </>
                    )}
                  </td>
                  <td>{reasons.length === 0 ? <span className="muted">{t('readiness.noShortfall')}</span> : <ReasonList reasons={reasons} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function VoTable({ groups }: { groups: GroupReadiness[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (groups.length === 0) return <Empty>{t('readiness.noVos')}</Empty>;
  return (
    <>
      <h2>{t('readiness.vos')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('kind.vo')}</th>
              <th scope="col" className="num">
                {t('readiness.memberShgs')}
              </th>
              <th scope="col" className="num">
                {t('readiness.ecMeetingsHeld')}
              </th>
              <th scope="col">{t('readiness.trained')}</th>
              <th scope="col">{t('readiness.qualifiesForClf')}</th>
              <th scope="col">{t('readiness.why')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  <a href={href({ name: 'node', nodeId: g.id, section: undefined, params: {} })}>{g.name}</a>
                </th>
                <td className="num">{fmt.number(g.shgCount)}</td>
                <td className="num">{t('readiness.nOfM', { n: fmt.number(g.ecMeetingsHeld), m: fmt.number(g.ecMeetingsExpected) })}</td>
                <td>{g.trained === undefined ? '—' : <YesNo value={g.trained} />}</td>
                <td>
                  <YesNo value={g.qualifies} />
                </td>
                <td>{g.reasons.length === 0 ? <span className="muted">{t('readiness.noShortfall')}</span> : <ReasonList reasons={g.reasons} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
