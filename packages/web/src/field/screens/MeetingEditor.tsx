/**
 * The meeting screen, built for speed and for people who read little: one large row per member, attendance by
 * one tap, amounts pre-filled with what each is expected to pay, "all as expected" in one tap so only the
 * exceptions are touched, then new loans (schedule shown before saving), expenses, bank, and cash counted with
 * the difference. Every number is planned live by core (the server's own rules) on the phone's copy of the
 * group; problems show next to the field, in her language. Saving writes the command to the phone's outbox first,
 * and only then says it is saved.
 */
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPENSE_KINDS, type ExpenseKind } from '@khata/core/chart';
import { planMeetingCorrection, type MeetingPayload } from '@khata/core/meeting';
import { Loading, Money, useFmt } from '../../components/common.tsx';
import type { Formatter } from '../../format.ts';
import { todayIso } from '../../format.ts';
import { fieldLabel } from '../../labels.ts';
import { cashAfter, parseAndPlan, parseInput, payloadFromDetail, receiptOf, recordedFromPayload, recordedOf, toCoreSnapshot, type CorrectionPayload, type GroupBooks } from '../books.ts';
import { Avatar, BackLink, MoneyInput, problemText } from '../components.tsx';
import { useField } from '../hooks.ts';
import {
  allAsExpected,
  changeDate,
  defaultTerms,
  formFromPayload,
  isException,
  newForm,
  rowExpectedPaise,
  rowPaysPaise,
  setAmount,
  setAttendance,
  setFineReason,
  toPayload,
  uiFieldOf,
  unmarked,
  type Attendance,
  type DisbursementRow,
  type FineReason,
  type MeetingForm,
  type MemberRow,
} from '../meeting-form.ts';
import type { LocalGroup, LocalMember, OutboxCommand } from '../model.ts';
import { fieldHref, fieldNavigate } from '../route.ts';
import { enqueueCommand, newId } from '../store.ts';
import { fieldDb } from '../db.ts';
import { fetchMeeting } from '../remote.ts';
import { LoanPreview, TermsEditor, type TermsInput } from './LoanTerms.tsx';
import { correctionBlock, useGroupBooks } from './Group.tsx';
import { Icon } from '../icons.tsx';

export type EditorMode =
  | { kind: 'new'; shgId: string; date?: string }
  | { kind: 'correct'; shgId: string; meetingId: string }
  | { kind: 'fix'; command: OutboxCommand; asCorrectionOf?: string };

type Problems = Map<string, string[]>;

const FINE_REASONS: FineReason[] = ['late', 'absence', 'default', 'other'];
const ATTENDANCE: Attendance[] = ['present', 'late', 'absent'];

export function MeetingEditorScreen({ mode }: { mode: EditorMode }) {
  const { t } = useTranslation();
  const { session } = useField();
  const shgId = mode.kind === 'fix' ? mode.command.shgId : mode.shgId;
  const { books } = useGroupBooks(shgId);
  const [fetching, setFetching] = useState<'no' | 'loading' | 'failed' | 'incomplete'>('no');
  const missing = mode.kind === 'correct' && books ? !books.payloads.has(mode.meetingId) && books.meetings.some((m) => m.id === mode.meetingId && m.status === 'recorded') : false;
  // A meeting recorded on another phone: its details come from the server once, and stay with the group.
  useEffect(() => {
    if (!missing || !books || mode.kind !== 'correct' || fetching !== 'no') return;
    setFetching('loading');
    fetchMeeting(session.token, mode.meetingId).then(
      async (detail) => {
        const payload = payloadFromDetail(detail, books.group);
        if (!payload) return setFetching('incomplete');
        const db = fieldDb();
        await db.transaction('rw', db.groups, async () => {
          const stored = await db.groups.get(shgId);
          if (stored) await db.groups.put({ ...stored, meetings: stored.meetings.map((m) => (m.id === mode.meetingId ? { ...m, payload } : m)) });
        });
        setFetching('no');
      },
      () => setFetching('failed'),
    );
  }, [missing, books, mode, fetching, session.token, shgId]);
  if (books === undefined || (missing && (fetching === 'loading' || fetching === 'no'))) return <Loading />;
  if (books === null) return <p className="f-notice">{t('fieldApp.group.notOnPhone')}</p>;
  if (missing) return <p className="f-notice">{fetching === 'failed' ? t('fieldApp.group.needsNetwork') : t('fieldApp.group.noDetails')}</p>;
  return <Editor books={books} mode={mode} />;
}

interface Target {
  /** The meeting this corrects (correct-meeting), if any. */
  correcting: string | null;
  replaces: string | null;
  initialReason: string;
}

function initialForm(books: GroupBooks, mode: EditorMode): { form: MeetingForm; target: Target } | { error: string } {
  const g = books.group;
  const snapshot = toCoreSnapshot(g);
  if (mode.kind === 'new') {
    return { form: newForm(g, snapshot, mode.date ?? todayIso(), newId()), target: { correcting: null, replaces: null, initialReason: '' } };
  }
  if (mode.kind === 'correct') {
    const m = books.meetings.find((x) => x.id === mode.meetingId);
    const block = m ? correctionBlock(books, m) : 'details';
    if (block) return { error: block };
    const payload = books.payloads.get(mode.meetingId)!;
    return { form: formFromPayload(g, snapshot, payload, newId()), target: { correcting: mode.meetingId, replaces: null, initialReason: '' } };
  }
  const c = mode.command;
  if (c.type === 'record-meeting') {
    const payload = c.payload as MeetingPayload;
    return { form: formFromPayload(g, snapshot, payload, newId()), target: { correcting: mode.asCorrectionOf ?? null, replaces: c.id, initialReason: '' } };
  }
  const p = c.payload as CorrectionPayload;
  return { form: formFromPayload(g, snapshot, p.meeting, newId()), target: { correcting: p.meetingId, replaces: c.id, initialReason: p.reason } };
}

function Editor({ books, mode }: { books: GroupBooks; mode: EditorMode }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { engine } = useField();
  const g = books.group;
  const start = useRef<ReturnType<typeof initialForm> | null>(null);
  start.current ??= initialForm(books, mode);
  const init = start.current;
  const [form, setForm] = useState<MeetingForm>(() => ('form' in init ? init.form : newForm(g, toCoreSnapshot(g), todayIso(), newId())));
  const target = 'target' in init ? init.target : { correcting: null, replaces: null, initialReason: '' };
  const [reason, setReason] = useState(target.initialReason);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const members = useMemo(() => new Map(g.members.map((m) => [m.id, m])), [g.members]);

  useEffect(() => {
    performance.mark('khata:meeting-ready');
  }, []);

  const built = useMemo(() => toPayload(form), [form]);
  const planned = useMemo(() => planFor(books, built.payload, target.correcting, reason), [books, built, target.correcting, reason]);
  const problems: Problems = useMemo(() => {
    const map: Problems = new Map();
    const add = (key: string, text: string) => map.set(key, [...(map.get(key) ?? []), text]);
    if (!planned.ok) for (const p of planned.problems) add(uiFieldOf(p.field, built.paths), problemLine(t, fmt, p, built.paths));
    if (tried) {
      for (const id of unmarked(form)) add(`m:${id}:attendance`, t('fieldApp.meeting.markAttendance'));
      if (target.correcting && reason.trim() === '') add('reason', t('error.REQUIRED'));
    }
    return map;
  }, [planned, built.paths, tried, form, target.correcting, reason, t, fmt]);

  if ('error' in init) {
    return (
      <section>
        <BackLink href={fieldHref({ name: 'group', shgId: g.shgId })}>{g.name}</BackLink>
        <p className="f-notice">{init.error === 'closed' ? t('fieldApp.group.closedPeriod', { date: fmt.dateLong(g.lockedThrough ?? '') }) : t('fieldApp.group.noDetails')}</p>
      </section>
    );
  }

  const plan = planned.ok ? planned.value.plan : null;
  const marked = form.rows.length - unmarked(form).length;
  const collected = form.rows.reduce((s, r) => s + rowPaysPaise(r), 0);
  const disbursed = form.disbursements.reduce((s, d) => s + d.principalPaise, 0);
  // For a correction the plan knows the cash before the corrected meeting; until it plans, plain arithmetic on a new one.
  const bookCash = plan?.closingCashBookPaise ?? (target.correcting ? null : cashAfter(g.cashPaise, built.payload));
  const difference = bookCash !== null && form.cashCountedPaise !== null ? form.cashCountedPaise - bookCash : null;
  const update = (f: (x: MeetingForm) => MeetingForm) => setForm((x) => f(x));

  async function save() {
    setTried(true);
    setSaveError(null);
    if (unmarked(form).length > 0 || !planned.ok || (target.correcting && reason.trim() === '')) {
      window.setTimeout(() => document.querySelector<HTMLElement>('.has-problem input, .has-problem button, [data-problem="true"]')?.focus(), 0);
      return;
    }
    setSaving(true);
    const { input, plan } = planned.value;
    const correctionId = newId();
    const payload: unknown = target.correcting
      ? ({ correctionId, meetingId: target.correcting, reason: reason.trim(), meeting: built.payload } satisfies CorrectionPayload)
      : built.payload;
    try {
      // The outbox first: the screen says "saved" only once IndexedDB has committed the command.
      await enqueueCommand({
        type: target.correcting ? 'correct-meeting' : 'record-meeting',
        payload,
        shgId: g.shgId,
        meetingId: form.meetingId,
        businessDate: form.date,
        receipt: receiptOf(g, input, plan),
        recorded: recordedOf(input, plan),
        ...(target.replaces ? { replaces: target.replaces } : {}),
      });
    } catch {
      setSaving(false);
      setSaveError(t('fieldApp.meeting.saveFailed'));
      return;
    }
    fieldNavigate({ name: 'meeting', shgId: g.shgId, meetingId: form.meetingId }, { replace: true });
    void engine.trigger();
  }

  const title = target.correcting ? t('fieldApp.meeting.correctTitle') : t('fieldApp.meeting.title');
  return (
    <section className="f-meeting" aria-labelledby="f-meeting-title">
      <BackLink href={fieldHref({ name: 'group', shgId: g.shgId })}>{g.name}</BackLink>
      <h1 id="f-meeting-title">{title}</h1>
      {target.correcting && <p className="f-lead">{t('fieldApp.meeting.correctLead')}</p>}
      <div className={`field f-date${problems.has('date') ? ' has-problem' : ''}`}>
        <label htmlFor="f-date">{t('field.date')}</label>
        <input
          id="f-date"
          type="date"
          value={form.date}
          max={todayIso()}
          aria-invalid={problems.has('date') || undefined}
          onChange={(e) => e.target.value && update((f) => changeDate(f, g, toCoreSnapshot(g), e.target.value))}
        />
        <span className="f-hint">{fmt.dateLong(form.date)}</span>
        <FieldProblems list={problems.get('date')} />
      </div>
      {target.correcting && (
        <div className={`field${problems.has('reason') ? ' has-problem' : ''}`}>
          <label htmlFor="f-reason">{t('fieldApp.meeting.reason')}</label>
          <input id="f-reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={problems.has('reason') || undefined} />
          <FieldProblems list={problems.get('reason')} />
        </div>
      )}
      <FieldProblems list={problems.get('form')} />

      <div className="f-att-head">
        <p>
          {t('fieldApp.meeting.marked', { marked: fmt.number(marked), total: fmt.number(form.rows.length) })}
        </p>
        <button type="button" className="primary f-big" data-testid="all-as-expected" onClick={() => update(allAsExpected)} disabled={marked === form.rows.length}>
          {t('fieldApp.meeting.allAsExpected')}
        </button>
      </div>

      <ul className="f-rows" aria-label={t('fieldApp.meeting.members')}>
        {form.rows.map((row) => (
          <MemberRowView
            key={row.memberId}
            row={row}
            member={members.get(row.memberId)}
            expanded={expanded === row.memberId}
            onToggle={() => setExpanded((x) => (x === row.memberId ? null : row.memberId))}
            problems={problems}
            onAttendance={(s) => update((f) => setAttendance(f, row.memberId, s))}
            onAmount={(field, v) => update((f) => setAmount(f, row.memberId, field, v))}
            onFineReason={(r) => update((f) => setFineReason(f, row.memberId, r))}
          />
        ))}
      </ul>

      <Loans form={form} group={g} problems={problems} update={update} members={members} />
      <Expenses form={form} problems={problems} update={update} />

      <h2>{t('fieldApp.meeting.bank')}</h2>
      <div className="f-grid">
        <MoneyInput label={t('meeting.bankDeposit')} paise={form.bankDeposit} onChange={(v) => update((f) => ({ ...f, bankDeposit: v ?? 0 }))} problem={problems.get('bankDeposit')} testId="bank-deposit" />
        <MoneyInput
          label={t('meeting.bankWithdrawal')}
          paise={form.bankWithdrawal}
          onChange={(v) => update((f) => ({ ...f, bankWithdrawal: v ?? 0 }))}
          problem={problems.get('bankWithdrawal')}
          hint={t('fieldApp.meeting.inBank', { amount: fmt.money(g.bankPaise) })}
        />
      </div>

      <h2>{t('fieldApp.meeting.close')}</h2>
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('meeting.closingCash')}</dt>
          <dd data-testid="book-cash">{bookCash === null ? '—' : <Money paise={bookCash} />}</dd>
        </div>
      </dl>
      <div className="f-counted">
        <MoneyInput
          label={t('meeting.cashCounted')}
          paise={form.cashCountedPaise}
          onChange={(v) => update((f) => ({ ...f, cashCountedPaise: v }))}
          problem={problems.get('cashCounted')}
          testId="cash-counted"
        />
        <button type="button" data-testid="cash-matches" disabled={bookCash === null} onClick={() => bookCash !== null && update((f) => ({ ...f, cashCountedPaise: bookCash }))}>
          {t('fieldApp.meeting.sameAsBooks')}
        </button>
      </div>
      {difference !== null && (
        <p className={`f-difference ${difference === 0 ? 'ok' : 'bad'}`} data-testid="cash-difference" role="status">
          {difference === 0 ? t('fieldApp.meeting.noDifference') : t('fieldApp.meeting.difference', { amount: fmt.money(difference) })}
        </p>
      )}

      {tried && problems.size > 0 && (
        <div className="error" role="alert">
          <p>{t('fieldApp.meeting.checkProblems', { n: fmt.number([...problems.values()].reduce((s, l) => s + l.length, 0)) })}</p>
        </div>
      )}
      {saveError && (
        <p className="f-problem" role="alert">
          {saveError}
        </p>
      )}
      <div className="f-savebar">
        <span>
          {t('fieldApp.meeting.collected')}: <Money paise={collected} strong />
          {disbursed > 0 && (
            <>
              {' · '}
              {t('column.disbursements')}: <Money paise={disbursed} strong />
            </>
          )}
        </span>
        <button type="button" className="primary f-big" data-testid="save-meeting" disabled={saving} onClick={() => void save()}>
          {saving ? t('fieldApp.meeting.saving') : t('fieldApp.meeting.save')}
        </button>
      </div>
    </section>
  );
}

type Planned = ReturnType<typeof parseAndPlan>;

/**
 * The live plan: a new meeting against the group; a correction against the group as if the meeting it corrects
 * had never been recorded (core's planMeetingCorrection, the server's own rule).
 */
function planFor(books: GroupBooks, payload: MeetingPayload, correcting: string | null, reason: string): Planned {
  const snapshot = toCoreSnapshot(books.group);
  if (!correcting) return parseAndPlan(snapshot, payload);
  const input = parseInput(payload);
  if (!input.ok) return input;
  const originalPayload = books.payloads.get(correcting);
  const recorded = books.recorded.get(correcting) ?? (originalPayload ? recordedFromPayload(originalPayload, correcting, books.group) : null);
  if (!recorded) {
    // The meeting it corrects is only on the server (a refused meeting sent as a correction of the server's one):
    // checked against the group without that day's meeting; the server checks it exactly.
    const date = books.meetings.find((m) => m.id === correcting)?.date ?? input.value.date;
    const dates = [...snapshot.existingMeetingDates];
    const i = dates.indexOf(date);
    if (i >= 0) dates.splice(i, 1);
    return parseAndPlan({ ...snapshot, existingMeetingDates: dates }, payload);
  }
  const corrected = planMeetingCorrection(snapshot, recorded, input.value, { reason: reason.trim() || '-', correctionId: 'preview' });
  return corrected.ok ? { ok: true, value: { input: input.value, plan: corrected.value.plan } } : corrected;
}

function problemLine(t: TFunction, fmt: Formatter, p: { code: string; field?: string; params?: Record<string, string | number> }, paths: Record<string, string>): string {
  const text = problemText(t, fmt, p);
  // Fields the screen does not show by themselves (terms, ids) are named.
  if (p.field && uiFieldOf(p.field, paths) === 'form') return t('error.withField', { field: fieldLabel(t, p.field), error: text });
  return text;
}

function FieldProblems({ list }: { list: string[] | undefined }) {
  if (!list?.length) return null;
  return (
    <p className="f-problem" role="alert" data-problem="true">
      {list.join(' ')}
    </p>
  );
}

function MemberRowView({
  row,
  member,
  expanded,
  onToggle,
  problems,
  onAttendance,
  onAmount,
  onFineReason,
}: {
  row: MemberRow;
  member: LocalMember | undefined;
  expanded: boolean;
  onToggle: () => void;
  problems: Problems;
  onAttendance: (s: Attendance) => void;
  onAmount: (field: Parameters<typeof setAmount>[2], paise: number) => void;
  onFineReason: (r: FineReason) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = `m:${row.memberId}`;
  const rowProblems = [...problems.keys()].some((k) => k.startsWith(m));
  const name = member?.name ?? '—';
  const pays = rowPaysPaise(row);
  const attendanceProblem = problems.get(`${m}:attendance`);
  return (
    <li className={`f-row${row.attendance ? ` att-${row.attendance}` : ''}${isException(row) && row.attendance ? ' exception' : ''}${rowProblems ? ' has-problem' : ''}`} data-testid={`member-${member?.membershipNumber ?? row.memberId}`}>
      <div className="f-row-main">
        <button type="button" className="f-row-who" aria-expanded={expanded} onClick={onToggle}>
          <Avatar name={name} />
          <span className="f-row-name">
            <span className="f-name">{name}</span>
            <span className="f-hint">
              {t('fieldApp.meeting.number', { n: fmt.digits(member?.membershipNumber ?? '') })} · {t('fieldApp.meeting.expected', { amount: fmt.money(rowExpectedPaise(row)) })}
            </span>
          </span>
          <span className="f-row-pays">
            <Money paise={pays} strong />
          </span>
        </button>
        <div className="f-att" role="group" aria-label={t('meeting.attendance')}>
          {ATTENDANCE.map((s) => (
            <button key={s} type="button" className={`f-att-${s}`} aria-pressed={row.attendance === s} data-att={s} onClick={() => onAttendance(s)}>
              <Icon name={s === 'present' ? 'check' : s === 'late' ? 'clock' : 'cross'} /> {t(`attendance.${s}`)}
            </button>
          ))}
        </div>
      </div>
      <FieldProblems list={attendanceProblem} />
      {!expanded && rowProblems && <FieldProblems list={[...problems.entries()].filter(([k]) => k.startsWith(`${m}:`) && k !== `${m}:attendance`).flatMap(([, v]) => v)} />}
      {expanded && (
        <div className="f-row-detail">
          <div className="f-grid">
            <MoneyInput label={t('column.compulsorySavings')} paise={row.compulsoryPaise} onChange={(v) => onAmount('compulsory', v ?? 0)} problem={problems.get(`${m}:compulsory`)} testId={`compulsory-${row.memberId}`} />
            <MoneyInput label={t('column.voluntarySavings')} paise={row.voluntaryPaise} onChange={(v) => onAmount('voluntary', v ?? 0)} problem={problems.get(`${m}:voluntary`)} testId={`voluntary-${row.memberId}`} />
            {row.loans.map((l, i) => (
              <MoneyInput
                key={l.loanId}
                label={row.loans.length > 1 ? t('fieldApp.meeting.repaymentN', { n: fmt.number(i + 1) }) : t('column.repayment')}
                paise={row.repayments[l.loanId] ?? 0}
                onChange={(v) => onAmount({ loanId: l.loanId }, v ?? 0)}
                problem={problems.get(`${m}:loan:${l.loanId}`)}
                hint={t('fieldApp.meeting.loanDue', { due: fmt.money(l.duePaise), interest: fmt.money(l.interestPaise), owes: fmt.money(l.outstandingPaise) })}
                testId={`repayment-${l.loanId}`}
              />
            ))}
            <div>
              <MoneyInput label={t('column.fines')} paise={row.finePaise} onChange={(v) => onAmount('fine', v ?? 0)} problem={problems.get(`${m}:fine`)} />
              <label className="f-small-label" htmlFor={`fine-${row.memberId}`}>
                {t('fieldApp.meeting.fineReason')}
              </label>
              <select id={`fine-${row.memberId}`} value={row.fineReason} onChange={(e) => onFineReason(e.target.value as FineReason)}>
                {FINE_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`fine.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <MoneyInput label={t('column.savingsWithdrawal')} paise={row.withdrawalPaise} onChange={(v) => onAmount('withdrawal', v ?? 0)} problem={problems.get(`${m}:withdrawal`)} />
          </div>
          <button type="button" aria-pressed={row.attendance === 'represented'} onClick={() => onAttendance('represented')}>
            {t('attendance.represented')}
          </button>
        </div>
      )}
    </li>
  );
}

function Loans({
  form,
  group,
  problems,
  update,
  members,
}: {
  form: MeetingForm;
  group: LocalGroup;
  problems: Problems;
  update: (f: (x: MeetingForm) => MeetingForm) => void;
  members: Map<string, LocalMember>;
}) {
  const { t } = useTranslation();
  const setRow = (i: number, patch: Partial<DisbursementRow>) =>
    update((f) => ({ ...f, disbursements: f.disbursements.map((d, j) => (j === i ? { ...d, ...patch } : d)) }));
  const eligible = form.rows.filter((r) => r.attendance !== 'absent');
  return (
    <>
      <h2>{t('fieldApp.meeting.newLoans')}</h2>
      <p className="f-hint">{t('fieldApp.meeting.newLoansHint')}</p>
      {form.disbursements.map((d, i) => (
        <div key={d.loanId} className="f-loan" data-testid={`loan-${i}`}>
          <div className="f-grid">
            <div className={`field${problems.has(`d:${i}:member`) ? ' has-problem' : ''}`}>
              <label htmlFor={`loan-member-${i}`}>{t('column.memberName')}</label>
              <select id={`loan-member-${i}`} data-testid={`loan-member-${i}`} value={d.memberId} onChange={(e) => setRow(i, { memberId: e.target.value })}>
                <option value="">{t('fieldApp.meeting.chooseMember')}</option>
                {eligible.map((r) => (
                  <option key={r.memberId} value={r.memberId}>
                    {members.get(r.memberId)?.name ?? r.memberId}
                  </option>
                ))}
              </select>
              <FieldProblems list={problems.get(`d:${i}:member`)} />
            </div>
            <MoneyInput label={t('column.principal')} paise={d.principalPaise || null} onChange={(v) => setRow(i, { principalPaise: v ?? 0 })} problem={problems.get(`d:${i}:principal`)} testId={`loan-amount-${i}`} />
            <div className={`field${problems.has(`d:${i}:purpose`) ? ' has-problem' : ''}`}>
              <label htmlFor={`loan-purpose-${i}`}>{t('fieldApp.meeting.purpose')}</label>
              <input id={`loan-purpose-${i}`} data-testid={`loan-purpose-${i}`} value={d.purpose} onChange={(e) => setRow(i, { purpose: e.target.value })} />
              <FieldProblems list={problems.get(`d:${i}:purpose`)} />
            </div>
          </div>
          <TermsEditor
            products={group.loanProducts}
            productId={d.productId}
            terms={d.terms as TermsInput}
            onChange={(productId, terms) => setRow(i, { productId, terms: terms as DisbursementRow['terms'] })}
            problems={problems.get(`d:${i}:terms`)}
          />
          <LoanPreview principalPaise={d.principalPaise} disbursedOn={form.date} terms={d.terms as TermsInput} />
          <button type="button" onClick={() => update((f) => ({ ...f, disbursements: f.disbursements.filter((_, j) => j !== i) }))}>
            {t('fieldApp.meeting.removeLoan')}
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="add-loan"
        onClick={() => update((f) => ({ ...f, disbursements: [...f.disbursements, { loanId: newId(), memberId: '', principalPaise: 0, purpose: '', ...defaultTerms(group.loanProducts) }] }))}
      >
        + {t('fieldApp.meeting.addLoan')}
      </button>
    </>
  );
}

const EXPENSES = Object.keys(EXPENSE_KINDS) as ExpenseKind[];

function Expenses({ form, problems, update }: { form: MeetingForm; problems: Problems; update: (f: (x: MeetingForm) => MeetingForm) => void }) {
  const { t } = useTranslation();
  const setRow = (key: string, patch: Partial<MeetingForm['expenses'][number]>) =>
    update((f) => ({ ...f, expenses: f.expenses.map((e) => (e.key === key ? { ...e, ...patch } : e)) }));
  return (
    <>
      <h2>{t('meeting.expenses')}</h2>
      {form.expenses.map((e, i) => (
        <div key={e.key} className="f-grid f-expense" data-testid={`expense-${i}`}>
          <div className="field">
            <label htmlFor={`exp-kind-${e.key}`}>{t('fieldApp.meeting.expenseKind')}</label>
            <select id={`exp-kind-${e.key}`} value={e.kind} onChange={(ev) => setRow(e.key, { kind: ev.target.value as ExpenseKind })}>
              {EXPENSES.map((k) => (
                <option key={k} value={k}>
                  {t(`expense.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <MoneyInput label={t('column.amount')} paise={e.amountPaise || null} onChange={(v) => setRow(e.key, { amountPaise: v ?? 0 })} problem={problems.get(`e:${e.key}:amount`)} testId={`expense-amount-${i}`} />
          <div className="field">
            <label htmlFor={`exp-via-${e.key}`}>{t('fieldApp.meeting.paidFrom')}</label>
            <select id={`exp-via-${e.key}`} value={e.via} onChange={(ev) => setRow(e.key, { via: ev.target.value as 'cash' | 'bank' })}>
              <option value="cash">{t('fieldApp.meeting.viaCash')}</option>
              <option value="bank">{t('fieldApp.meeting.viaBank')}</option>
            </select>
          </div>
          <button type="button" onClick={() => update((f) => ({ ...f, expenses: f.expenses.filter((x) => x.key !== e.key) }))}>
            {t('fieldApp.meeting.remove')}
          </button>
        </div>
      ))}
      <button type="button" data-testid="add-expense" onClick={() => update((f) => ({ ...f, expenses: [...f.expenses, { key: newId(), kind: 'meeting', amountPaise: 0, via: 'cash' }] }))}>
        + {t('fieldApp.meeting.addExpense')}
      </button>
    </>
  );
}

