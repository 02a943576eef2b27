import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { federationApi, type EcMember, type FederationDetail, type InstitutionLoan } from '../../api/federations.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { institutionHref } from './links.ts';
import { AdmitMemberForm, LeaveForm, LendForm, ReleaseFundForm, RepayForm } from './FederationActions.tsx';
import { AppointEcForm, FederationMeetingForm, SubCommitteeForm, useMayWrite } from './FederationForms.tsx';

/** The sections of a federation's page (VO, CLF, BLF): who belongs, its committee, its meetings, its loans and funds. */
function useFederation(id: string) {
  return useLoad((signal) => federationApi.detail(id, { signal }), [id]);
}

function WithFederation({ detail, children }: NodeSectionProps & { children: (f: FederationDetail, reload: () => void) => ReactNode }) {
  const state = useFederation(String(detail.node.id));
  // While it reloads after a form was sent, the page stays as it was (the form keeps its message), then updates.
  const last = useRef<FederationDetail | null>(null);
  if (state.status === 'ok') last.current = state.data;
  const shown = state.status === 'ok' ? state.data : state.status === 'loading' && last.current?.federation.id === String(detail.node.id) ? last.current : null;
  // One shape whether loaded or reloading, so the forms below are not remounted (and keep what they show).
  if (shown) return <>{children(shown, state.reload)}</>;
  return <Loaded state={state}>{(f) => children(f, state.reload)}</Loaded>;
}


function FederationFacts({ f }: { f: FederationDetail }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const current = f.members.filter((m) => m.until === null).length;
  return (
    <dl className="facts">
      <div>
        <dt>{t('federation.level')}</dt>
        <dd>{valueLabel(t, 'kind', f.federation.level)}</dd>
      </div>
      <div>
        <dt>{t('federation.formedOn')}</dt>
        <dd>{fmt.date(f.federation.formedOn)}</dd>
      </div>
      <div>
        <dt>{t('shg.status')}</dt>
        <dd>{valueLabel(t, 'status', f.federation.status)}</dd>
      </div>
      <div>
        <dt>{t('federation.registration')}</dt>
        <dd>{f.federation.registeredAs ? `${f.federation.registeredAs}${f.federation.registrationNumber ? ` · ${f.federation.registrationNumber}` : ''}` : t('federation.notRegistered')}</dd>
      </div>
      <div className="highlight">
        <dt>{t('federation.currentMembers')}</dt>
        <dd>{fmt.number(current)}</dd>
      </div>
    </dl>
  );
}

export function FederationMembers(props: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const mayWrite = useMayWrite();
  return (
    <WithFederation {...props}>
      {(f, reload) => (
        <>
          <FederationFacts f={f} />
          {mayWrite && (
            <div className="federation-actions">
              <AdmitMemberForm f={f} onDone={reload} />
              <LeaveForm f={f} onDone={reload} />
            </div>
          )}
          <h2>{t('federation.members')}</h2>
          {f.members.length === 0 ? (
            <Empty>{t('federation.noMembers')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('federation.memberInstitution')}</th>
                    <th scope="col">{t('federation.kind')}</th>
                    <th scope="col">{t('federation.code')}</th>
                    <th scope="col">{t('federation.since')}</th>
                    <th scope="col">{t('federation.leftOn')}</th>
                    <th scope="col" className="num">
                      {t('federation.shareCapital')}
                    </th>
                    <th scope="col" className="num">
                      {t('federation.membershipFee')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.members.map((m) => (
                    <tr key={m.id} className={m.until ? 'left' : undefined}>
                      <th scope="row">
                        <a href={institutionHref(m.kind, m.memberId)}>{m.name}</a>
                      </th>
                      <td>{valueLabel(t, 'kind', m.kind)}</td>
                      <td className="code">{m.code}</td>
                      <td className="date">{fmt.date(m.since)}</td>
                      <td className="date">{m.until ? <span className="badge warn">{t('federation.leftOnDate', { date: fmt.date(m.until) })}</span> : t('federation.stillMember')}</td>
                      <td className="num">
                        <Money paise={m.shareCapitalPaise} />
                      </td>
                      <td className="num">
                        <Money paise={m.membershipFeePaise} />
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
                      <Money paise={f.members.reduce((s, m) => s + m.shareCapitalPaise, 0)} strong />
                    </td>
                    <td className="num">
                      <Money paise={f.members.reduce((s, m) => s + m.membershipFeePaise, 0)} strong />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </WithFederation>
  );
}

function EcTable({ rows, caption, kindOf }: { rows: EcMember[]; caption: string; kindOf: Map<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('federation.person')}</th>
            <th scope="col">{t('federation.role')}</th>
            <th scope="col">{t('federation.represents')}</th>
            <th scope="col">{t('shg.from')}</th>
            <th scope="col">{t('shg.to')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.name}</th>
              <td>{valueLabel(t, 'ecRole', e.role)}</td>
              <td>
                <a href={institutionHref(kindOf.get(e.representsId) ?? 'node', e.representsId)}>{e.representsName}</a>
              </td>
              <td className="date">{fmt.date(e.from)}</td>
              <td className="date">{e.to ? fmt.date(e.to) : t('shg.current')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FederationCommittee(props: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const mayWrite = useMayWrite();
  return (
    <WithFederation {...props}>
      {(f, reload) => {
        const bearers = f.ec.filter((e) => e.role !== 'representative');
        const reps = f.ec.filter((e) => e.role === 'representative');
        // A representative's link goes to the institution she represents: an SHG for a VO, a VO for a CLF.
        const kindOf = new Map(f.members.map((m) => [m.memberId, m.kind]));
        return (
          <>
            {mayWrite && (
              <div className="federation-actions">
                <AppointEcForm f={f} onDone={reload} />
                <SubCommitteeForm f={f} onDone={reload} />
              </div>
            )}
            <h2>{t('federation.officeBearers')}</h2>
            {bearers.length === 0 ? <Empty>{t('federation.noOfficeBearers')}</Empty> : <EcTable rows={bearers} caption={t('federation.officeBearers')} kindOf={kindOf} />}
            <h2>{t('federation.ec')}</h2>
            {reps.length === 0 ? <Empty>{t('federation.noEc')}</Empty> : <EcTable rows={reps} caption={t('federation.ecHelp')} kindOf={kindOf} />}
            <h2>{t('federation.subCommittees')}</h2>
            {f.subCommittees.length === 0 ? (
              <Empty>{t('federation.noSubCommittees')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('federation.subCommittee')}</th>
                      <th scope="col">{t('federation.purpose')}</th>
                      <th scope="col">{t('federation.formedOn')}</th>
                      <th scope="col">{t('federation.dissolvedOn')}</th>
                      <th scope="col">{t('federation.subCommitteeMembers')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.subCommittees.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.name}</th>
                        <td>{c.purpose ?? '—'}</td>
                        <td className="date">{fmt.date(c.formedOn)}</td>
                        <td className="date">{c.dissolvedOn ? fmt.date(c.dissolvedOn) : '—'}</td>
                        <td>
                          {c.members.length === 0
                            ? '—'
                            : c.members.map((m) => `${m.name} (${valueLabel(t, 'subCommitteeRole', m.role)})`).join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        );
      }}
    </WithFederation>
  );
}

export function FederationMeetings(props: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const mayWrite = useMayWrite();
  return (
    <WithFederation {...props}>
      {(f, reload) => {
        const people = new Map(f.ec.map((e) => [e.personId, e.name]));
        const institutions = new Map([...f.members.map((m) => [m.memberId, m.name] as const), ...f.ec.map((e) => [e.representsId, e.representsName] as const)]);
        const form = mayWrite && (
          <div className="federation-actions">
            <FederationMeetingForm f={f} onDone={reload} />
          </div>
        );
        if (f.meetings.length === 0)
          return (
            <>
              {form}
              <Empty>{t('federation.noMeetings')}</Empty>
            </>
          );
        return (
          <>
            {form}
            <ol className="federation-meetings">
              {f.meetings.map((m) => (
                <li key={m.id} className="card">
                  <h2>
                    {valueLabel(t, 'federationMeeting', m.kind)} · {fmt.date(m.date)}
                    {m.place ? ` · ${m.place}` : ''}
                  </h2>
                  <p>
                    <strong>{t('federation.attendance', { n: fmt.number(m.attendance.length) })}</strong>{' '}
                    {m.attendance
                      .map((a) => {
                        const who = people.get(a.personId);
                        const from = institutions.get(a.representsId);
                        return who ? (from ? `${who} (${from})` : who) : (from ?? '');
                      })
                      .filter(Boolean)
                      .join(', ')}
                  </p>
                  <h3>{t('federation.decisions')}</h3>
                  {m.decisions.length === 0 ? (
                    <Empty>{t('federation.noDecisions')}</Empty>
                  ) : (
                    <ol className="decisions">
                      {m.decisions.map((d) => (
                        <li key={d.no}>{d.text}</li>
                      ))}
                    </ol>
                  )}
                </li>
              ))}
            </ol>
          </>
        );
      }}
    </WithFederation>
  );
}

function LoanTable({ loans, counterpartHeading, kindOf }: { loans: InstitutionLoan[]; counterpartHeading: string; kindOf: Map<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{counterpartHeading}</th>
            <th scope="col">{t('federation.fund')}</th>
            <th scope="col">{t('column.disbursedOn')}</th>
            <th scope="col" className="num">
              {t('column.principal')}
            </th>
            <th scope="col" className="num">
              {t('column.outstanding')}
            </th>
            <th scope="col" className="num">
              {t('federation.interestPassedUp')}
            </th>
            <th scope="col">{t('column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {loans.map((l) => (
            <tr key={l.id}>
              <th scope="row">
                <a href={institutionHref(kindOf.get(l.counterpartId) ?? 'node', l.counterpartId)}>{l.counterpartName}</a>
              </th>
              <td>{valueLabel(t, 'fund', l.fund)}</td>
              <td className="date">{fmt.date(l.disbursedOn)}</td>
              <td className="num">
                <Money paise={l.principalPaise} />
              </td>
              <td className="num">
                <Money paise={l.outstandingPaise} />
              </td>
              <td className="num">{fmt.percent(l.role === 'lender' ? l.onLendingPassUpPercent : l.passUpPercent)}</td>
              <td>{valueLabel(t, 'status', l.status)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('common.total')}
            </th>
            <td className="num">
              <Money paise={loans.reduce((s, l) => s + l.principalPaise, 0)} strong />
            </td>
            <td className="num">
              <Money paise={loans.reduce((s, l) => s + l.outstandingPaise, 0)} strong />
            </td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function FederationLoans(props: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const id = String(props.detail.node.id);
  const funds = useLoad((signal) => federationApi.reconciliation(id, props.params.asOf, { signal }), [id, props.params.asOf]);
  const mayWrite = useMayWrite();
  return (
    <WithFederation {...props}>
      {(f, reload) => {
        const done = () => {
          reload();
          funds.reload();
        };
        const lent = f.loans.filter((l) => l.role === 'lender');
        const borrowed = f.loans.filter((l) => l.role === 'borrower');
        const kindOf = new Map(f.members.map((m) => [m.memberId, m.kind]));
        return (
          <>
            {mayWrite && (
              <div className="federation-actions">
                <ReleaseFundForm f={f} node={props.detail} onDone={done} />
                <LendForm f={f} onDone={done} />
                <RepayForm f={f} onDone={done} />
              </div>
            )}
            <h2>{t('federation.loansToMembers')}</h2>
            {lent.length === 0 ? <Empty>{t('federation.noLoansToMembers')}</Empty> : <LoanTable loans={lent} counterpartHeading={t('federation.borrower')} kindOf={kindOf} />}
            <h2>{t('federation.loansTaken')}</h2>
            {borrowed.length === 0 ? <Empty>{t('federation.noLoansTaken')}</Empty> : <LoanTable loans={borrowed} counterpartHeading={t('federation.lender')} kindOf={kindOf} />}
            <h2>{t('federation.funds')}</h2>
            <Loaded state={funds}>
              {(r) => {
                const rows = r.pairs.flatMap((p) =>
                  p.categories.filter((c) => c.category === 'grants' || c.category === 'share-capital' || c.category === 'membership-fees').map((c) => ({ pair: p, c })),
                );
                if (rows.length === 0) return <Empty>{t('federation.noFunds')}</Empty>;
                return (
                  <div className="table-wrap">
                    <table>
                      <caption>{t('federation.fundsAsOf', { date: fmt.date(r.asOf) })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('federation.institution')}</th>
                          <th scope="col">{t('federation.direction')}</th>
                          <th scope="col">{t('federation.what')}</th>
                          <th scope="col" className="num">
                            {t('column.amount')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map(({ pair, c }) => (
                          <tr key={`${pair.counterpart.id}:${c.category}`}>
                            <th scope="row">
                              <a href={institutionHref(pair.counterpart.kind, pair.counterpart.id)}>{pair.counterpart.name}</a>
                            </th>
                            <td>{t(fundDirection(pair.relation, c.category))}</td>
                            <td>{valueLabel(t, 'position', c.category)}</td>
                            <td className="num">
                              <Money paise={c.federationPaise} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                );
              }}
            </Loaded>
          </>
        );
      }}
    </WithFederation>
  );
}

/** Grants come down (received from above, given below); share capital and fees go up (paid above, received below). */
function fundDirection(relation: 'above' | 'below', category: string): string {
  const down = category === 'grants';
  if (relation === 'above') return down ? 'federation.receivedFrom' : 'federation.paidTo';
  return down ? 'federation.givenTo' : 'federation.receivedFrom';
}
