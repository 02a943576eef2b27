/**
 * What a federation's books keeper does from its page: release a fund (asked for, and approved by a second person on
 * the Approvals screen; released at once only where the rule set lets one person do it), lend to a member
 * institution with its repayment terms, record a repayment, admit a member and let a member leave (with the refund
 * it was paid). Every form sends one command; the server checks everything and its problems are shown per field.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type NodeDetail } from '../../api.ts';
import { GRANT_FUNDS, type GrantFund } from '../../api/approvals.ts';
import { federationApi, LOAN_FUNDS, type FederationDetail, type RuleSets } from '../../api/federations.ts';
import { ErrorMessage, Money, useFmt, useLoad } from '../../components/common.tsx';
import { Field } from '../../components/forms.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import { rupeesToPaise, today } from '../bank-linkage/form.ts';

type Done = () => void;
/** One instalment of a loan's schedule, as lend-to-member-institution returns it. */
type Installment = { n: number; dueOn: string; principalPaise: number; interestPaise: number; totalPaise: number; balancePaise: number };

/** The one-person release limit in force on a date (the stored body may predate the rule: then its default). */
export function releaseThresholdPaise(r: RuleSets): number | null {
  const stored = r.inForce.id ? r.ruleSets.find((s) => s.id === r.inForce.id)?.body : undefined;
  const v = (stored?.funds as { releaseApprovalAbovePaise?: unknown } | undefined)?.releaseApprovalAbovePaise ?? (r.defaults.funds as { releaseApprovalAbovePaise?: unknown } | undefined)?.releaseApprovalAbovePaise;
  return typeof v === 'number' ? v : null;
}

/** A form's busy flag, its last failure, and a runner that sends a command and reports what came back. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async <R,>(send: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await send();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

/** Money typed in rupees: the paise, or the text as it is when it does not read as an amount (the server names the field). */
const money = (text: string): number | string => (text.trim() === '' ? 0 : (rupeesToPaise(text) ?? text));

export function ActionCard({ title, children, open }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="card federation-action" open={open}>
      <summary>
        <strong>{title}</strong>
      </summary>
      {children}
    </details>
  );
}

function Accounts({ prefix, from, into, setFrom, setInto }: { prefix: string; from: string; into: string; setFrom: (v: string) => void; setInto: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="inline-fields">
      <Field id={`${prefix}-from`} label={t('fedAction.paidFrom')}>
        <select id={`${prefix}-from`} value={from} onChange={(e) => setFrom(e.target.value)}>
          <option value="bank">{t('fedAction.bank')}</option>
          <option value="cash">{t('fedAction.cash')}</option>
        </select>
      </Field>
      <Field id={`${prefix}-into`} label={t('fedAction.receivedInto')}>
        <select id={`${prefix}-into`} value={into} onChange={(e) => setInto(e.target.value)}>
          <option value="bank">{t('fedAction.bank')}</option>
          <option value="cash">{t('fedAction.cash')}</option>
        </select>
      </Field>
    </div>
  );
}

const currentMembers = (f: FederationDetail) => f.members.filter((m) => m.until === null);

// ---------------------------------------------------------------------------------------------------------------
// Release a fund
// ---------------------------------------------------------------------------------------------------------------

/**
 * Who gives to whom: the organisation to this federation (start-up fund, CIF placed, VRF, other grants), or this
 * federation to one of its members (an SHG's Revolving Fund, a grant). One choice, so a release can only go where it
 * may.
 */
function releaseRoutes(f: FederationDetail, node: NodeDetail) {
  const org = node.ancestors.find((a) => a.kind === 'organisation');
  const routes: { key: string; giverId: string; receiverId: string; giver: string; receiver: string }[] = [];
  if (org) routes.push({ key: `org:${f.federation.id}`, giverId: String(org.id), receiverId: f.federation.id, giver: org.name, receiver: f.federation.name });
  for (const m of currentMembers(f)) routes.push({ key: `fed:${m.memberId}`, giverId: f.federation.id, receiverId: m.memberId, giver: f.federation.name, receiver: m.name });
  return routes;
}

export function ReleaseFundForm({ f, node, onDone }: { f: FederationDetail; node: NodeDetail; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const routes = releaseRoutes(f, node);
  const [form, setForm] = useState({ route: routes[0]?.key ?? '', fund: (f.federation.level === 'vo' ? 'start-up' : 'cif') as GrantFund, amount: '', date: today(), paidFrom: 'bank', receivedInto: 'bank', reference: '', note: '' });
  const [sent, setSent] = useState<{ kind: 'requested' | 'released'; amountPaise: number; receiver: string } | null>(null);
  const rules = useLoad((signal) => federationApi.ruleSets(form.date, { signal }), [form.date]);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setSent(null);
  };
  const route = routes.find((r) => r.key === form.route);
  const amountPaise = rupeesToPaise(form.amount);
  const threshold = rules.status === 'ok' ? releaseThresholdPaise(rules.data) : null;
  // One person may release directly only up to the rule set's limit (by default nothing: every release is asked for).
  const mayReleaseNow = threshold !== null && amountPaise !== null && amountPaise > 0 && amountPaise <= threshold;

  const release = () => ({
    transferId: crypto.randomUUID(),
    fund: form.fund,
    giverId: route?.giverId ?? '',
    receiverId: route?.receiverId ?? '',
    date: form.date,
    amountPaise: money(form.amount),
    paidFrom: form.paidFrom,
    receivedInto: form.receivedInto,
    ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
  });
  const request = async (e: FormEvent) => {
    e.preventDefault();
    const payload = { ...release(), approvalId: crypto.randomUUID(), ...(form.note.trim() ? { note: form.note.trim() } : {}) };
    const ok = await s.run(() => api.command('request-fund-release', payload));
    if (ok) {
      setSent({ kind: 'requested', amountPaise: payload.amountPaise as number, receiver: route?.receiver ?? '' });
      setForm((v) => ({ ...v, amount: '', reference: '', note: '' }));
      onDone();
    }
  };
  const releaseNow = async () => {
    const payload = release();
    const ok = await s.run(() => api.command('release-fund', payload));
    if (ok) {
      setSent({ kind: 'released', amountPaise: payload.amountPaise as number, receiver: route?.receiver ?? '' });
      setForm((v) => ({ ...v, amount: '', reference: '', note: '' }));
      onDone();
    }
  };

  return (
    <ActionCard title={t('fedAction.release.title')}>
      <form onSubmit={request} noValidate className="release-fund">
        <p className="help">{t('fedAction.release.help')}</p>
        <Field id="rf-route" label={t('fedAction.release.route')}>
          <select id="rf-route" value={form.route} onChange={set('route')}>
            {routes.map((r) => (
              <option key={r.key} value={r.key}>
                {t('fedAction.release.fromTo', { giver: r.giver, receiver: r.receiver })}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rf-fund" label={t('federation.fund')}>
          <select id="rf-fund" value={form.fund} onChange={set('fund')}>
            {GRANT_FUNDS.map((g) => (
              <option key={g} value={g}>
                {valueLabel(t, 'fund', g)}
              </option>
            ))}
          </select>
        </Field>
        <div className="inline-fields">
          <Field id="rf-amount" label={t('fedAction.amountRupees')}>
            <input id="rf-amount" inputMode="decimal" value={form.amount} onChange={set('amount')} required />
          </Field>
          <Field id="rf-date" label={t('field.date')}>
            <input id="rf-date" type="date" value={form.date} onChange={set('date')} required />
          </Field>
        </div>
        <Accounts prefix="rf" from={form.paidFrom} into={form.receivedInto} setFrom={(v) => setForm((x) => ({ ...x, paidFrom: v }))} setInto={(v) => setForm((x) => ({ ...x, receivedInto: v }))} />
        <Field id="rf-reference" label={t('fedAction.reference')}>
          <input id="rf-reference" value={form.reference} onChange={set('reference')} maxLength={100} />
        </Field>
        <Field id="rf-note" label={t('fedAction.release.note')}>
          <textarea id="rf-note" value={form.note} onChange={set('note')} maxLength={500} rows={2} />
        </Field>
        {threshold !== null && (
          <p className="help">{threshold === 0 ? t('fedAction.release.alwaysApproval') : t('fedAction.release.approvalAbove', { amount: fmt.money(threshold) })}</p>
        )}
        <p className="inline-fields">
          <button type="submit" className="primary" disabled={s.busy || !route}>
            {t('fedAction.release.request')}
          </button>
          {mayReleaseNow && (
            <button type="button" onClick={() => void releaseNow()} disabled={s.busy || !route}>
              {t('fedAction.release.now')}
            </button>
          )}
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {sent && (
          <p className="ok" role="status">
            {sent.kind === 'requested'
              ? t('fedAction.release.requested', { amount: fmt.money(sent.amountPaise), receiver: sent.receiver })
              : t('fedAction.release.released', { amount: fmt.money(sent.amountPaise), receiver: sent.receiver })}{' '}
            {sent.kind === 'requested' && <a href={href({ name: 'approvals' })}>{t('approvals.title')}</a>}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Lend to a member institution
// ---------------------------------------------------------------------------------------------------------------

export function LendForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const members = currentMembers(f);
  const ownCif = f.loans.filter((l) => l.role === 'borrower' && l.fund === 'cif' && l.status === 'open');
  const [form, setForm] = useState({
    borrowerId: members[0]?.memberId ?? '',
    fund: 'cif' as (typeof LOAN_FUNDS)[number],
    amount: '',
    date: today(),
    rate: '',
    repayments: '12',
    every: '1',
    unit: 'months',
    interestMethod: 'declining',
    firstRepaymentOn: '',
    fundedByLoanId: ownCif[0]?.id ?? '',
    passUp: '',
    beneficiaryMemberId: '',
    purpose: '',
    paidFrom: 'bank',
    receivedInto: 'bank',
  });
  const [lent, setLent] = useState<{ amountPaise: number; borrower: string; schedule: Installment[] } | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setLent(null);
  };
  const borrower = members.find((m) => m.memberId === form.borrowerId);
  const borrowerIsShg = borrower?.kind === 'shg';
  // VRF goes to a member in distress through her SHG: choose her from the SHG's members.
  const people = useLoad(
    (signal) => (form.fund === 'vrf' && borrowerIsShg && form.borrowerId ? api.members(form.borrowerId, { signal }) : Promise.resolve([])),
    [form.fund, form.borrowerId, borrowerIsShg],
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = {
      loanId: crypto.randomUUID(),
      lenderId: f.federation.id,
      borrowerId: form.borrowerId,
      fund: form.fund,
      date: form.date,
      amountPaise: money(form.amount),
      annualRatePercent: form.rate.trim(),
      repayments: Number(form.repayments),
      every: Number(form.every),
      unit: form.unit,
      interestMethod: form.interestMethod,
      firstRepaymentOn: form.firstRepaymentOn || null,
      paidFrom: form.paidFrom,
      receivedInto: form.receivedInto,
      ...(form.fund === 'cif' && form.fundedByLoanId ? { fundedByLoanId: form.fundedByLoanId } : {}),
      ...(!borrowerIsShg && form.passUp.trim() ? { onLendingPassUpPercent: form.passUp.trim() } : {}),
      ...(form.fund === 'vrf' && form.beneficiaryMemberId ? { beneficiaryMemberId: form.beneficiaryMemberId } : {}),
      ...(form.purpose.trim() ? { purpose: form.purpose.trim() } : {}),
    };
    const out = await s.run(() => api.command<{ schedule: Installment[] }>('lend-to-member-institution', payload));
    if (out) {
      setLent({ amountPaise: payload.amountPaise as number, borrower: borrower?.name ?? '', schedule: out.result.schedule ?? [] });
      setForm((v) => ({ ...v, amount: '', purpose: '' }));
      onDone();
    }
  };
  if (members.length === 0) return null;
  return (
    <ActionCard title={t('fedAction.lend.title')}>
      <form onSubmit={submit} noValidate>
        <Field id="lend-borrower" label={t('federation.borrower')}>
          <select id="lend-borrower" value={form.borrowerId} onChange={set('borrowerId')}>
            {members.map((m) => (
              <option key={m.memberId} value={m.memberId}>
                {m.name} ({m.code})
              </option>
            ))}
          </select>
        </Field>
        <div className="inline-fields">
          <Field id="lend-fund" label={t('federation.fund')}>
            <select id="lend-fund" value={form.fund} onChange={set('fund')}>
              {LOAN_FUNDS.map((g) => (
                <option key={g} value={g}>
                  {valueLabel(t, 'fund', g)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="lend-amount" label={t('fedAction.amountRupees')}>
            <input id="lend-amount" inputMode="decimal" value={form.amount} onChange={set('amount')} required />
          </Field>
          <Field id="lend-date" label={t('column.disbursedOn')}>
            <input id="lend-date" type="date" value={form.date} onChange={set('date')} required />
          </Field>
        </div>
        <div className="inline-fields">
          <Field id="lend-rate" label={t('field.annualRatePercent')}>
            <input id="lend-rate" inputMode="decimal" value={form.rate} onChange={set('rate')} required />
          </Field>
          <Field id="lend-repayments" label={t('field.repayments')}>
            <input id="lend-repayments" type="number" min={1} max={600} value={form.repayments} onChange={set('repayments')} required />
          </Field>
          <Field id="lend-every" label={t('field.every')}>
            <input id="lend-every" type="number" min={1} max={12} value={form.every} onChange={set('every')} />
          </Field>
          <Field id="lend-unit" label={t('field.unit')}>
            <select id="lend-unit" value={form.unit} onChange={set('unit')}>
              <option value="months">{t('fedAction.lend.months')}</option>
              <option value="weeks">{t('fedAction.lend.weeks')}</option>
            </select>
          </Field>
          <Field id="lend-method" label={t('field.interestMethod')}>
            <select id="lend-method" value={form.interestMethod} onChange={set('interestMethod')}>
              <option value="declining">{t('fedAction.lend.declining')}</option>
              <option value="flat">{t('fedAction.lend.flat')}</option>
            </select>
          </Field>
          <Field id="lend-first" label={t('fedAction.lend.firstRepaymentOn')}>
            <input id="lend-first" type="date" value={form.firstRepaymentOn} onChange={set('firstRepaymentOn')} />
          </Field>
        </div>
        {form.fund === 'cif' && ownCif.length > 0 && (
          <Field id="lend-funded" label={t('fedAction.lend.fundedBy')}>
            <select id="lend-funded" value={form.fundedByLoanId} onChange={set('fundedByLoanId')}>
              <option value="">{t('fedAction.lend.ownMoney')}</option>
              {ownCif.map((l) => (
                <option key={l.id} value={l.id}>
                  {t('fedAction.lend.fromLoan', { lender: l.counterpartName, date: fmt.date(l.disbursedOn), amount: fmt.money(l.principalPaise) })}
                </option>
              ))}
            </select>
          </Field>
        )}
        {!borrowerIsShg && (
          <Field id="lend-passup" label={t('fedAction.lend.passUp')} help={t('fedAction.lend.passUpHelp')}>
            <input id="lend-passup" inputMode="decimal" value={form.passUp} onChange={set('passUp')} aria-describedby="lend-passup-help" />
          </Field>
        )}
        {form.fund === 'vrf' && borrowerIsShg && (
          <Field id="lend-beneficiary" label={t('fedAction.lend.beneficiary')}>
            <select id="lend-beneficiary" value={form.beneficiaryMemberId} onChange={set('beneficiaryMemberId')}>
              <option value="">{t('fedAction.choose')}</option>
              {(people.status === 'ok' ? people.data : [])
                .filter((p) => p.status === 'active')
                .map((p) => (
                  <option key={String(p.id)} value={String(p.id)}>
                    {p.name}
                  </option>
                ))}
            </select>
          </Field>
        )}
        <Field id="lend-purpose" label={t('field.purpose')}>
          <input id="lend-purpose" value={form.purpose} onChange={set('purpose')} maxLength={200} />
        </Field>
        <Accounts prefix="lend" from={form.paidFrom} into={form.receivedInto} setFrom={(v) => setForm((x) => ({ ...x, paidFrom: v }))} setInto={(v) => setForm((x) => ({ ...x, receivedInto: v }))} />
        <p>
          <button type="submit" className="primary" disabled={s.busy || !form.borrowerId}>
            {t('fedAction.lend.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {lent && (
          <div role="status">
            <p className="ok">{t('fedAction.lend.done', { amount: fmt.money(lent.amountPaise), borrower: lent.borrower, n: fmt.number(lent.schedule.length) })}</p>
            {lent.schedule.length > 0 && (
              <p>{t('fedAction.lend.firstDue', { date: fmt.date(lent.schedule[0]!.dueOn), amount: fmt.money(lent.schedule[0]!.totalPaise) })}</p>
            )}
          </div>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Record a repayment
// ---------------------------------------------------------------------------------------------------------------

export function RepayForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const open = f.loans.filter((l) => l.status === 'open');
  const [form, setForm] = useState({ loanId: open[0]?.id ?? '', principal: '', interest: '', date: today(), paidFrom: 'bank', receivedInto: 'bank' });
  const [done, setDone] = useState<{ principalPaise: number; interestPaise: number; outstandingPaise: number } | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setDone(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = {
      transferId: crypto.randomUUID(),
      loanId: form.loanId,
      date: form.date,
      principalPaise: money(form.principal),
      ...(form.interest.trim() ? { interestPaise: money(form.interest) } : {}),
      paidFrom: form.paidFrom,
      receivedInto: form.receivedInto,
    };
    const out = await s.run(() => api.command<{ principalPaise: number; interestPaise: number; outstandingPaise: number }>('repay-institution-loan', payload));
    if (out) {
      setDone(out.result);
      setForm((v) => ({ ...v, principal: '', interest: '' }));
      onDone();
    }
  };
  if (open.length === 0) return null;
  return (
    <ActionCard title={t('fedAction.repay.title')}>
      <form onSubmit={submit} noValidate>
        <Field id="repay-loan" label={t('field.loanId')}>
          <select id="repay-loan" value={form.loanId} onChange={set('loanId')}>
            {open.map((l) => (
              <option key={l.id} value={l.id}>
                {t(l.role === 'lender' ? 'fedAction.repay.fromMember' : 'fedAction.repay.toLender', {
                  name: l.counterpartName,
                  fund: valueLabel(t, 'fund', l.fund),
                  outstanding: fmt.money(l.outstandingPaise),
                })}
              </option>
            ))}
          </select>
        </Field>
        <div className="inline-fields">
          <Field id="repay-principal" label={t('fedAction.repay.principal')}>
            <input id="repay-principal" inputMode="decimal" value={form.principal} onChange={set('principal')} />
          </Field>
          <Field id="repay-interest" label={t('fedAction.repay.interest')} help={t('fedAction.repay.interestHelp')}>
            <input id="repay-interest" inputMode="decimal" value={form.interest} onChange={set('interest')} aria-describedby="repay-interest-help" />
          </Field>
          <Field id="repay-date" label={t('field.date')}>
            <input id="repay-date" type="date" value={form.date} onChange={set('date')} required />
          </Field>
        </div>
        <Accounts prefix="repay" from={form.paidFrom} into={form.receivedInto} setFrom={(v) => setForm((x) => ({ ...x, paidFrom: v }))} setInto={(v) => setForm((x) => ({ ...x, receivedInto: v }))} />
        <p>
          <button type="submit" className="primary" disabled={s.busy || !form.loanId}>
            {t('fedAction.repay.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done && (
          <p className="ok" role="status">
            {t('fedAction.repay.done', { principal: fmt.money(done.principalPaise), interest: fmt.money(done.interestPaise), outstanding: fmt.money(done.outstandingPaise) })}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Admit a member, leave the federation
// ---------------------------------------------------------------------------------------------------------------

/** Institutions that may join: SHGs for a VO, VOs for a CLF, CLFs for a BLF, under the federation's place, not already members. */
function useCandidates(f: FederationDetail) {
  const parentId = f.federation.parentId;
  const level = f.federation.level;
  return useLoad(async (signal) => {
    if (!parentId) return [] as { id: string; name: string; code: string }[];
    const taken = new Set(currentMembers(f).map((m) => m.memberId));
    const all =
      level === 'vo'
        ? (await api.shgs(parentId, { signal })).map((s) => ({ id: String(s.id), name: s.name, code: s.code }))
        : (await federationApi.list(parentId, { signal })).filter((x) => x.level === (level === 'clf' ? 'vo' : 'clf')).map((x) => ({ id: x.id, name: x.name, code: x.code }));
    return all.filter((c) => !taken.has(c.id));
  }, [parentId, level, f.members.length]);
}

export function AdmitMemberForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const candidates = useCandidates(f);
  const [form, setForm] = useState({ memberId: '', since: today(), shareCapital: '', fee: '', paidFrom: 'bank', receivedInto: 'bank' });
  const [done, setDone] = useState<string | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setDone(null);
  };
  const list = candidates.status === 'ok' ? candidates.data : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = {
      membershipId: crypto.randomUUID(),
      federationId: f.federation.id,
      memberId: form.memberId,
      since: form.since,
      shareCapitalPaise: money(form.shareCapital),
      membershipFeePaise: money(form.fee),
      paidFrom: form.paidFrom,
      receivedInto: form.receivedInto,
    };
    const ok = await s.run(() => api.command('admit-federation-member', payload));
    if (ok) {
      setDone(list.find((c) => c.id === form.memberId)?.name ?? '');
      setForm((v) => ({ ...v, memberId: '', shareCapital: '', fee: '' }));
      onDone();
    }
  };
  return (
    <ActionCard title={t('fedAction.admit.title')}>
      <form onSubmit={submit} noValidate>
        <Field id="admit-member" label={t('fedAction.admit.who')}>
          <select id="admit-member" value={form.memberId} onChange={set('memberId')} required>
            <option value="">{list.length === 0 && candidates.status === 'ok' ? t('fedAction.admit.none') : t('fedAction.choose')}</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </Field>
        {candidates.status === 'error' && <ErrorMessage error={candidates.error} onRetry={candidates.reload} />}
        <div className="inline-fields">
          <Field id="admit-since" label={t('federation.since')}>
            <input id="admit-since" type="date" value={form.since} onChange={set('since')} required />
          </Field>
          <Field id="admit-share" label={t('fedAction.admit.shareCapital')}>
            <input id="admit-share" inputMode="decimal" value={form.shareCapital} onChange={set('shareCapital')} />
          </Field>
          <Field id="admit-fee" label={t('fedAction.admit.fee')}>
            <input id="admit-fee" inputMode="decimal" value={form.fee} onChange={set('fee')} />
          </Field>
        </div>
        <Accounts prefix="admit" from={form.paidFrom} into={form.receivedInto} setFrom={(v) => setForm((x) => ({ ...x, paidFrom: v }))} setInto={(v) => setForm((x) => ({ ...x, receivedInto: v }))} />
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedAction.admit.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done !== null && (
          <p className="ok" role="status">
            {t('fedAction.admit.done', { name: done })}
          </p>
        )}
      </form>
    </ActionCard>
  );
}

interface LeaveResult {
  shareCapitalPaise: number;
  shareCapitalRefundPaise: number;
  shareCapitalKeptPaise: number;
  membershipFeeRefundPaise: number;
  refundPaise: number;
  ecSeatsEnded: number;
  ruleSet: { label: string };
}

export function LeaveForm({ f, onDone }: { f: FederationDetail; onDone: Done }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const members = currentMembers(f);
  const [form, setForm] = useState({ memberId: '', date: today(), reason: '', paidFrom: 'bank', receivedInto: 'bank' });
  const [done, setDone] = useState<(LeaveResult & { name: string }) | null>(null);
  const s = useSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const payload = { transferId: crypto.randomUUID(), federationId: f.federation.id, memberId: form.memberId, date: form.date, reason: form.reason, paidFrom: form.paidFrom, receivedInto: form.receivedInto };
    const out = await s.run(() => api.command<LeaveResult>('leave-federation', payload));
    if (out) {
      setDone({ ...out.result, name: members.find((m) => m.memberId === form.memberId)?.name ?? '' });
      setForm((v) => ({ ...v, memberId: '', reason: '' }));
      onDone();
    }
  };
  if (members.length === 0 && !done) return null;
  return (
    <ActionCard title={t('fedAction.leave.title')} open={done !== null}>
      <form onSubmit={submit} noValidate>
        <p className="help">{t('fedAction.leave.help')}</p>
        <Field id="leave-member" label={t('fedAction.leave.who')}>
          <select id="leave-member" value={form.memberId} onChange={set('memberId')} required>
            <option value="">{t('fedAction.choose')}</option>
            {members.map((m) => (
              <option key={m.memberId} value={m.memberId}>
                {m.name} ({m.code})
              </option>
            ))}
          </select>
        </Field>
        <div className="inline-fields">
          <Field id="leave-date" label={t('fedAction.leave.lastDay')}>
            <input id="leave-date" type="date" value={form.date} onChange={set('date')} required />
          </Field>
        </div>
        <Field id="leave-reason" label={t('field.reason')}>
          <textarea id="leave-reason" value={form.reason} onChange={set('reason')} maxLength={500} rows={2} required />
        </Field>
        <Accounts prefix="leave" from={form.paidFrom} into={form.receivedInto} setFrom={(v) => setForm((x) => ({ ...x, paidFrom: v }))} setInto={(v) => setForm((x) => ({ ...x, receivedInto: v }))} />
        <p>
          <button type="submit" className="primary" disabled={s.busy}>
            {t('fedAction.leave.submit')}
          </button>
        </p>
        {s.error !== null && <ErrorMessage error={s.error} />}
        {done && (
          <div role="status" className="leave-result">
            <p className="ok">{t('fedAction.leave.done', { name: done.name })}</p>
            <dl className="facts">
              <div>
                <dt>{t('fedAction.leave.shareCapitalHeld')}</dt>
                <dd>
                  <Money paise={done.shareCapitalPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('fedAction.leave.shareCapitalReturned')}</dt>
                <dd>
                  <Money paise={done.shareCapitalRefundPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('fedAction.leave.shareCapitalKept')}</dt>
                <dd>
                  <Money paise={done.shareCapitalKeptPaise} />
                </dd>
              </div>
              <div>
                <dt>{t('fedAction.leave.feeReturned')}</dt>
                <dd>
                  <Money paise={done.membershipFeeRefundPaise} />
                </dd>
              </div>
              <div className="highlight">
                <dt>{t('fedAction.leave.refund')}</dt>
                <dd>
                  <Money paise={done.refundPaise} strong />
                </dd>
              </div>
            </dl>
            {done.ecSeatsEnded > 0 && <p>{t('fedAction.leave.ecSeatsEnded', { n: fmt.number(done.ecSeatsEnded) })}</p>}
          </div>
        )}
      </form>
    </ActionCard>
  );
}
