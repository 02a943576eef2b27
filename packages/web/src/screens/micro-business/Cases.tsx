import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { mbDownloadUrl, mbPaths, microBusinessApi, type PartnerCase, type ProgrammeWorker } from '../../api/micro-business.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import { ProgrammeReportView } from './ProgrammeReport.tsx';
import { EndAssignmentButton, OpenCaseForm, ProgrammePeople } from './ProgrammeAdmin.tsx';

/**
 * #/cases — the micro-business programme. A case worker sees the cases assigned to her (with the participant's
 * name: she is assigned); someone who runs a partner's programme sees its counts, its cases by code with their
 * case workers, and assigns them — without reading any case.
 */
export default function CasesPage() {
  const { t } = useTranslation();
  const access = useLoad((signal) => microBusinessApi.access({ signal }), []);
  return (
    <section className="cases-page">
      <h1>{t('mb.title')}</h1>
      <Loaded state={access}>
        {(a) => (
          <>
            {(a.assignedCases > 0 || a.roles.some((r) => r.role === 'case-worker')) && <MyCases />}
            {a.runs.map((p) => (
              <PartnerProgramme key={p.partnerId} partnerId={p.partnerId} name={p.name} />
            ))}
            {!a.showCases && a.runs.length === 0 && <Empty>{t('mb.noAccess')}</Empty>}
          </>
        )}
      </Loaded>
    </section>
  );
}

function MyCases() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => microBusinessApi.myCases({ signal }), []);
  return (
    <>
      <h2>{t('mb.myCases')}</h2>
      <p className="downloads no-print">
        <span className="muted">{t('mb.downloadCodesOnly')}: </span>
        <a className="button-link" href={mbDownloadUrl(mbPaths.cases, 'csv')} download>
          {t('mb.downloadCsv')}
        </a>{' '}
        <a className="button-link" href={mbDownloadUrl(mbPaths.cases, 'xlsx')} download>
          {t('mb.downloadXlsx')}
        </a>
      </p>
      <Loaded state={state}>
        {(cases) =>
          cases.length === 0 ? (
            <Empty>{t('mb.noCases')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('mb.case')}</th>
                    <th scope="col">{t('mb.participant')}</th>
                    <th scope="col">{t('mb.status')}</th>
                    <th scope="col">{t('mb.business')}</th>
                    <th scope="col">{t('mb.lastVisit')}</th>
                    <th scope="col">{t('mb.nextVisit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <a href={href({ name: 'case', caseId: c.id })}>{c.code}</a>
                      </th>
                      <td>{c.participantName}</td>
                      <td>{valueLabel(t, 'mbStatus', c.status)}</td>
                      <td>{c.businessKind ?? '—'}</td>
                      <td>{fmt.date(c.lastVisitOn)}</td>
                      <td>{fmt.date(c.nextVisitOn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function PartnerProgramme({ partnerId, name }: { partnerId: string; name: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [version, setVersion] = useState(0);
  const cases = useLoad((signal) => microBusinessApi.partnerCases(partnerId, { signal }), [partnerId, version]);
  const workers = useLoad((signal) => microBusinessApi.workers(partnerId, { signal }), [partnerId, version]);
  const today = todayIso();
  const current = (a: PartnerCase['assignments'][number]) => a.from <= today && (a.to === null || a.to >= today);
  return (
    <>
      <h2>{t('mb.programmeOf', { name })}</h2>
      <p className="muted">{t('mb.runnerNote')}</p>
      <ProgrammeReportView partnerId={partnerId} />
      <h3>{t('mb.partnerCases')}</h3>
      <p className="downloads no-print">
        <a className="button-link" href={mbDownloadUrl(mbPaths.partnerCases(partnerId), 'csv')} download>
          {t('mb.downloadCsv')}
        </a>{' '}
        <a className="button-link" href={mbDownloadUrl(mbPaths.partnerCases(partnerId), 'xlsx')} download>
          {t('mb.downloadXlsx')}
        </a>
      </p>
      <Loaded state={cases}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('mb.noCases')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('mb.case')}</th>
                    <th scope="col">{t('mb.status')}</th>
                    <th scope="col">{t('mb.openedOn')}</th>
                    <th scope="col">{t('mb.caseWorkers')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">{c.code}</th>
                      <td>{valueLabel(t, 'mbStatus', c.status)}</td>
                      <td>{fmt.date(c.openedOn)}</td>
                      <td>
                        {c.assignments.filter(current).length === 0
                          ? '—'
                          : c.assignments.filter(current).map((a) => (
                              <div key={a.assignmentId}>
                                {a.userName} <EndAssignmentButton caseItem={c} assignment={a} onDone={() => setVersion((v) => v + 1)} />
                              </div>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Loaded state={workers}>
        {(people) => (
          <Loaded state={cases}>
            {(list) => <AssignForm cases={list} workers={people.filter((w) => w.role === 'case-worker' && (w.to === null || w.to >= today))} onDone={() => setVersion((v) => v + 1)} />}
          </Loaded>
        )}
      </Loaded>
      <Loaded state={workers}>
        {(people) => (
          <>
            <OpenCaseForm partnerId={partnerId} workers={people.filter((w) => w.role === 'case-worker' && w.from <= today && (w.to === null || w.to >= today))} onDone={() => setVersion((v) => v + 1)} />
            <ProgrammePeople partnerId={partnerId} workers={people} onDone={() => setVersion((v) => v + 1)} />
          </>
        )}
      </Loaded>
    </>
  );
}

function AssignForm({ cases, workers, onDone }: { cases: PartnerCase[]; workers: ProgrammeWorker[]; onDone: () => void }) {
  const { t } = useTranslation();
  const open = cases.filter((c) => c.status !== 'closed');
  const [caseId, setCaseId] = useState('');
  const [userId, setUserId] = useState('');
  const [from, setFrom] = useState(todayIso());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (open.length === 0 || workers.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.command('assign-case', { assignmentId: crypto.randomUUID(), caseId, userId, from });
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card no-print" onSubmit={(e) => void submit(e)}>
      <h3>{t('mb.assign.title')}</h3>
      <p className="muted">{t('mb.assign.note')}</p>
      <div className="field">
        <label htmlFor="mb-assign-case">{t('mb.case')}</label>
        <select id="mb-assign-case" required value={caseId} onChange={(e) => setCaseId(e.target.value)}>
          <option value="">{t('mb.choose')}</option>
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="mb-assign-worker">{t('mb.caseWorker')}</label>
        <select id="mb-assign-worker" required value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{t('mb.choose')}</option>
          {workers.map((w) => (
            <option key={w.roleId} value={w.userId}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="mb-assign-from">{t('mb.from')}</label>
        <input id="mb-assign-from" type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {done && <p role="status">{t('mb.assign.done')}</p>}
      <button type="submit" disabled={busy}>
        {t('mb.assign.submit')}
      </button>
    </form>
  );
}
