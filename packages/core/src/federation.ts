import { FEDERATION_ACCOUNTS as F, SHG_ACCOUNTS as S, chartOf, chartTemplate, type Chart } from './chart.ts';
import { cmp, mul, parseDecimal, rational, RATIONAL_ZERO, toScaledInteger } from './decimal.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';
import { credit, debit, validateEntry, type JournalLine } from './ledger.ts';

/**
 * Federations (VO, CLF, BLF) and the money that moves between institutions. Every movement is ONE event written
 * in TWO sets of books: this module plans both sides (pure; the server posts them in one transaction under one
 * transfer id) and knows, for each kind of movement, which accounts on each side carry the position the two
 * institutions must agree on (what the reconciliation compares, to the paisa).
 *
 * Sides are named by the way the money goes: `from` pays, `to` receives.
 *  grant        giver (the organisation or a federation)  → receiver (an SHG or a federation below the giver)
 *  membership   member institution                        → its federation (share capital, membership fee)
 *  loan         lender (a federation)                     → borrower (one of its member institutions)
 *  repayment    borrower                                  → lender (principal and interest; a share of the
 *               interest may belong to the federation above the lender and is held for it as a payable)
 */

export const FEDERATION_LEVELS = ['vo', 'clf', 'blf'] as const;
export type FederationLevel = (typeof FEDERATION_LEVELS)[number];
export type InstitutionKind = 'organisation' | 'shg' | FederationLevel;
export type MoneyAccount = 'bank' | 'cash';

/** Who may be a member of a federation of each level: the level directly below. */
export const MEMBER_KIND: Record<FederationLevel, 'shg' | 'vo' | 'clf'> = { vo: 'shg', clf: 'vo', blf: 'clf' };
const RANK: Record<InstitutionKind, number> = { shg: 0, vo: 1, clf: 2, blf: 3, organisation: 9 };

export function isFederationLevel(kind: string): kind is FederationLevel {
  return (FEDERATION_LEVELS as readonly string[]).includes(kind);
}

/** Grants: Revolving Fund (to an SHG), start-up fund, VRF (to a VO), CIF placed in perpetuity, any other grant. */
export const GRANT_FUNDS = ['rf', 'start-up', 'vrf', 'cif', 'other'] as const;
export type GrantFund = (typeof GRANT_FUNDS)[number];
/** Loans between institutions: Community Investment Fund, and VRF lent to SHGs for members in distress. */
export const LOAN_FUNDS = ['cif', 'vrf'] as const;
export type LoanFund = (typeof LOAN_FUNDS)[number];

/** The promoting organisation's (or SRLM's) accounts: what it releases is programme expenditure in its books. */
export const ORGANISATION_FLOW_ACCOUNTS = { cash: 'assets:cash', bank: 'assets:bank', released: 'expenses:programme' } as const;

const charts = new Map<InstitutionKind, Chart>();
export function chartOfKind(kind: InstitutionKind): Chart {
  let chart = charts.get(kind);
  if (!chart) charts.set(kind, (chart = chartOf(chartTemplate(kind))));
  return chart;
}

function money(kind: InstitutionKind, via: MoneyAccount): string {
  if (kind === 'organisation') return ORGANISATION_FLOW_ACCOUNTS[via];
  return via === 'bank' ? F.bank : F.cash; // the same paths in the SHG chart
}

// ---------------------------------------------------------------------------------------------------------------
// Which account carries each position, per side

/** The accounts a grant posts to: the giver's expense and the receiver's fund account. */
export function grantAccounts(fund: GrantFund, giver: InstitutionKind, receiver: InstitutionKind): Result<{ given: string; received: string }> {
  const problems: Problem[] = [];
  if (giver === 'shg') problems.push(problem(ErrorCode.ValidationFailed, 'giverId', 'an SHG does not give grants to other institutions'));
  if (receiver === 'organisation') problems.push(problem(ErrorCode.ValidationFailed, 'receiverId', 'grants go to an SHG or a federation'));
  else if (RANK[giver] <= RANK[receiver]) {
    problems.push(problem(ErrorCode.ValidationFailed, 'giverId', `a ${giver} does not give grants to a ${receiver}: funds come from a higher level`));
  }
  let received: string | undefined;
  if (receiver === 'shg') received = fund === 'rf' ? S.revolvingFund : fund === 'other' ? S.grants : undefined;
  else if (receiver !== 'organisation') {
    if (fund === 'start-up') received = F.startUpFund;
    else if (fund === 'vrf') received = receiver === 'vo' ? F.vrf : undefined;
    else if (fund === 'cif') received = giver === 'organisation' ? F.cifFromSrlm : undefined;
    else if (fund === 'other') received = F.grants;
  }
  if (received === undefined && problems.length === 0) {
    const why: Record<GrantFund, string> = {
      rf: 'the Revolving Fund goes to an SHG',
      'start-up': 'a start-up fund goes to a federation',
      vrf: 'the VRF is given to a VO (members in distress borrow it through their SHG)',
      cif: 'CIF is placed with a federation by the promoting organisation (federations lend it on as loans)',
      other: 'not a grant this institution can receive',
    };
    problems.push(problem(ErrorCode.ValidationFailed, 'fund', why[fund]));
  }
  if (problems.length) return fail(...problems);
  return ok({ given: giver === 'organisation' ? ORGANISATION_FLOW_ACCOUNTS.released : F.grantsGiven, received: received! });
}

export interface LoanAccounts {
  lenderPrincipal: string;
  lenderInterest: string;
  /** Where the lender holds the pass-up share of the interest (owed to the federation above it). */
  lenderPassUp: string;
  borrowerPrincipal: string;
  borrowerInterest: string;
  /** A federation borrower pays interest first out of what it collected for its lender (its payable). */
  borrowerPassUp: string | null;
}

/** The accounts a loan between institutions posts to on each side; lending goes to the level directly below. */
export function loanAccounts(fund: LoanFund, lender: InstitutionKind, borrower: InstitutionKind): Result<LoanAccounts> {
  if (!isFederationLevel(lender)) return fail(problem(ErrorCode.ValidationFailed, 'lenderId', 'only a federation lends to member institutions here'));
  if (MEMBER_KIND[lender] !== borrower) {
    return fail(problem(ErrorCode.ValidationFailed, 'borrowerId', `a ${lender} lends to its member ${MEMBER_KIND[lender]}s, not to a ${borrower}`));
  }
  if (fund === 'vrf' && lender !== 'vo') return fail(problem(ErrorCode.ValidationFailed, 'fund', 'VRF loans are made by a VO to its SHGs'));
  const lenderSide =
    lender === 'vo'
      ? fund === 'cif'
        ? { lenderPrincipal: F.loansToShgs, lenderInterest: F.interestLoansToShgs }
        : { lenderPrincipal: F.vrfLoansToShgs, lenderInterest: F.interestVrfLoans }
      : lender === 'clf'
        ? { lenderPrincipal: F.loansToVos, lenderInterest: F.interestLoansToVos }
        : { lenderPrincipal: F.loansToClfs, lenderInterest: F.interestLoansToClfs };
  const borrowerSide =
    borrower === 'shg'
      ? fund === 'cif'
        ? { borrowerPrincipal: S.loansVoCif, borrowerInterest: S.interestVoLoans, borrowerPassUp: null }
        : { borrowerPrincipal: S.loansOther, borrowerInterest: S.interestOtherLoans, borrowerPassUp: null }
      : { borrowerPrincipal: F.cifFromFederation, borrowerInterest: F.interestCif, borrowerPassUp: F.interestPayableCif };
  return ok({ ...lenderSide, lenderPassUp: F.interestPayableCif, ...borrowerSide });
}

/** The accounts share capital and membership fees post to, on the member's side and the federation's. */
export function membershipAccounts(level: FederationLevel) {
  const member = MEMBER_KIND[level];
  return {
    memberShare: member === 'shg' ? S.shareCapitalWithVo : F.shareCapitalWithFederation,
    // An SHG's chart has no account for fees it pays (its chart is fixed): they are its other expenses.
    memberFee: member === 'shg' ? S.expensesOther : F.membershipFeesPaid,
    federationShare: F.shareCapitalFromMembers,
    federationFee: F.membershipFees,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Interest spread

/** Is `text` a percentage from 0 to 100 written as a decimal string ("25", "12.5")? */
export function isPercent(text: string): boolean {
  const r = parseDecimal(text);
  return r !== undefined && cmp(r, RATIONAL_ZERO) >= 0 && cmp(r, rational(100)) <= 0;
}

/**
 * Splits interest a member institution paid between the lender and the federation above it: `passUpPercent` of
 * it goes up (rounded half-even to the paisa), the lender keeps the rest. The two parts always sum to the whole.
 */
export function splitInterest(interestPaise: number, passUpPercent: string): { retainedPaise: number; passedUpPaise: number } {
  const pct = parseDecimal(passUpPercent);
  if (pct === undefined || !isPercent(passUpPercent)) throw new RangeError('passUpPercent must be a percentage from 0 to 100');
  const up = Number(toScaledInteger(mul(rational(interestPaise), mul(pct, rational(1, 100))), 0));
  return { retainedPaise: interestPaise - up, passedUpPaise: up };
}

// ---------------------------------------------------------------------------------------------------------------
// Planning the two sides

export interface TwoSidedPlan {
  narration: string;
  fromKind: InstitutionKind;
  toKind: InstitutionKind;
  /** The paying institution's lines (balanced within its own books). */
  from: JournalLine[];
  /** The receiving institution's lines (balanced within its own books). */
  to: JournalLine[];
}

function checked(plan: TwoSidedPlan, date: string, source: string): Result<TwoSidedPlan> {
  const problems: Problem[] = [];
  for (const side of ['from', 'to'] as const) {
    const lines = plan[side].filter((l) => l.amountPaise !== 0);
    plan[side] = lines;
    const r = validateEntry({ businessDate: date, narration: plan.narration, source, lines }, chartOfKind(side === 'from' ? plan.fromKind : plan.toKind));
    if (!r.ok) problems.push(...r.problems.map((p) => ({ ...p, message: `${side} side: ${p.message}` })));
  }
  return problems.length ? fail(...problems) : ok(plan);
}

function positive(amount: number, field: string): Problem[] {
  return Number.isSafeInteger(amount) && amount > 0 ? [] : [problem(ErrorCode.ValidationFailed, field, 'must be more than zero')];
}

export interface GrantFlow {
  fund: GrantFund;
  giver: InstitutionKind;
  receiver: InstitutionKind;
  amountPaise: number;
  date: string;
  paidFrom: MoneyAccount;
  receivedInto: MoneyAccount;
  /** The receiving institution's node id: the giver's sub-ledger tag (whom it gave to). */
  receiverTag: string;
}

/** A grant: the giver's expense and the receiver's fund (equity, or the VRF / CIF it holds as a liability). */
export function planGrant(flow: GrantFlow): Result<TwoSidedPlan> {
  const accounts = grantAccounts(flow.fund, flow.giver, flow.receiver);
  const problems = [...(accounts.ok ? [] : accounts.problems), ...positive(flow.amountPaise, 'amountPaise')];
  if (problems.length || !accounts.ok) return fail(...problems);
  const { given, received } = accounts.value;
  const label: Record<GrantFund, string> = { rf: 'Revolving Fund', 'start-up': 'Start-up fund', vrf: 'Vulnerability Reduction Fund', cif: 'CIF placed', other: 'Grant' };
  return checked(
    {
      narration: label[flow.fund],
      fromKind: flow.giver,
      toKind: flow.receiver,
      from: [debit(given, flow.amountPaise, { memberId: flow.receiverTag }), credit(money(flow.giver, flow.paidFrom), flow.amountPaise)],
      to: [debit(money(flow.receiver, flow.receivedInto), flow.amountPaise), credit(received, flow.amountPaise)],
    },
    flow.date,
    'release-fund',
  );
}

export interface MembershipFlow {
  level: FederationLevel;
  shareCapitalPaise: number;
  membershipFeePaise: number;
  date: string;
  paidFrom: MoneyAccount;
  receivedInto: MoneyAccount;
  /** The member institution's node id: the federation's sub-ledger tag. */
  memberTag: string;
}

/**
 * Share capital and a membership fee paid on joining. The member holds its share as an asset; the federation
 * holds it as a liability (refundable when the member leaves); the fee is the member's expense and the
 * federation's income.
 */
export function planMembership(flow: MembershipFlow): Result<TwoSidedPlan> {
  const total = flow.shareCapitalPaise + flow.membershipFeePaise;
  if (total <= 0) return fail(problem(ErrorCode.ValidationFailed, 'shareCapitalPaise', 'nothing to pay'));
  const a = membershipAccounts(flow.level);
  const tag = { memberId: flow.memberTag };
  return checked(
    {
      narration: 'Share capital and membership fee',
      fromKind: MEMBER_KIND[flow.level],
      toKind: flow.level,
      from: [debit(a.memberShare, flow.shareCapitalPaise), debit(a.memberFee, flow.membershipFeePaise), credit(money(MEMBER_KIND[flow.level], flow.paidFrom), total)],
      to: [debit(money(flow.level, flow.receivedInto), total), credit(a.federationShare, flow.shareCapitalPaise, tag), credit(a.federationFee, flow.membershipFeePaise, tag)],
    },
    flow.date,
    'admit-federation-member',
  );
}

export interface MembershipRefundFlow {
  level: FederationLevel;
  /** The share capital the federation holds for the member (all of it is closed: refunded or kept). */
  shareCapitalPaise: number;
  /** Of it, what is paid back (the rest the federation keeps, as fee income, by its rule). */
  shareCapitalRefundPaise: number;
  /** Of the membership fee paid on joining, what is paid back. */
  membershipFeeRefundPaise: number;
  date: string;
  /** The federation's account it pays from, and the member's account the money lands in. */
  paidFrom: MoneyAccount;
  receivedInto: MoneyAccount;
  /** The member institution's node id: the federation's sub-ledger tag. */
  memberTag: string;
}

/** Paise of a whole percentage of an amount, rounded half-even (the part and the rest always sum to the amount). */
export function percentOfPaise(amountPaise: number, percent: number): number {
  return splitInterest(amountPaise, String(percent)).passedUpPaise;
}

/**
 * A member institution leaves its federation: the federation pays back its share capital and (by its rule) part
 * of the membership fee. Both books close the member's share capital in full; any share capital the federation keeps
 * is its fee income and the member's expense (on the same accounts as a fee); a fee paid back reverses a fee.
 */
export function planMembershipRefund(flow: MembershipRefundFlow): Result<TwoSidedPlan> {
  const problems: Problem[] = [];
  for (const [field, v] of [['shareCapitalPaise', flow.shareCapitalPaise], ['shareCapitalRefundPaise', flow.shareCapitalRefundPaise], ['membershipFeeRefundPaise', flow.membershipFeeRefundPaise]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) problems.push(problem(ErrorCode.ValidationFailed, field, 'must be zero or more whole paise'));
  }
  if (flow.shareCapitalRefundPaise > flow.shareCapitalPaise) problems.push(problem(ErrorCode.ValidationFailed, 'shareCapitalRefundPaise', 'cannot be more than the share capital held'));
  if (problems.length === 0 && flow.shareCapitalPaise + flow.membershipFeeRefundPaise === 0) problems.push(problem(ErrorCode.ValidationFailed, 'shareCapitalPaise', 'nothing to refund'));
  if (problems.length) return fail(...problems);
  const a = membershipAccounts(flow.level);
  const member = MEMBER_KIND[flow.level];
  const refund = flow.shareCapitalRefundPaise + flow.membershipFeeRefundPaise;
  const kept = flow.shareCapitalPaise - flow.shareCapitalRefundPaise;
  // Fee accounts, net: the fee paid back (against the fee) and the share capital kept (as a fee).
  const feeNet = kept - flow.membershipFeeRefundPaise;
  const tag = { memberId: flow.memberTag };
  const line = (accountPath: string, amountPaise: number, tags: { memberId?: string } = {}): JournalLine[] => (amountPaise === 0 ? [] : [amountPaise > 0 ? debit(accountPath, amountPaise, tags) : credit(accountPath, -amountPaise, tags)]);
  return checked(
    {
      narration: 'Share capital and fee paid back on leaving',
      fromKind: flow.level,
      toKind: member,
      from: [...line(a.federationShare, flow.shareCapitalPaise, tag), ...line(a.federationFee, -feeNet, tag), ...line(money(flow.level, flow.paidFrom), -refund)],
      to: [...line(money(member, flow.receivedInto), refund), ...line(a.memberShare, -flow.shareCapitalPaise), ...line(a.memberFee, feeNet)],
    },
    flow.date,
    'leave-federation',
  );
}

export interface LoanFlow {
  fund: LoanFund;
  lender: InstitutionKind;
  borrower: InstitutionKind;
  amountPaise: number;
  date: string;
  paidFrom: MoneyAccount;
  receivedInto: MoneyAccount;
  /** The lender's loan row (its receivable) and the borrower's (its liability): each side's lines carry its own. */
  lenderLoanId: string;
  borrowerLoanId: string;
  /** The borrower's node id: the lender's sub-ledger tag. */
  borrowerTag: string;
}

/** A loan disbursed: the lender's receivable against its money, the borrower's money against its liability. */
export function planLoan(flow: LoanFlow): Result<TwoSidedPlan> {
  const accounts = loanAccounts(flow.fund, flow.lender, flow.borrower);
  const problems = [...(accounts.ok ? [] : accounts.problems), ...positive(flow.amountPaise, 'amountPaise')];
  if (problems.length || !accounts.ok) return fail(...problems);
  const a = accounts.value;
  return checked(
    {
      narration: flow.fund === 'cif' ? 'CIF loan' : 'VRF loan',
      fromKind: flow.lender,
      toKind: flow.borrower,
      from: [debit(a.lenderPrincipal, flow.amountPaise, { loanId: flow.lenderLoanId, memberId: flow.borrowerTag }), credit(money(flow.lender, flow.paidFrom), flow.amountPaise)],
      to: [debit(money(flow.borrower, flow.receivedInto), flow.amountPaise), credit(a.borrowerPrincipal, flow.amountPaise, { loanId: flow.borrowerLoanId })],
    },
    flow.date,
    'lend-to-member-institution',
  );
}

export interface RepaymentFlow extends Omit<LoanFlow, 'amountPaise'> {
  principalPaise: number;
  interestPaise: number;
  /** Share of the interest the lender holds for the federation above it ("0" when its money was its own). */
  passUpPercent: string;
  /** A federation borrower: what it holds for this lender as a payable (paid first, the rest is its expense). */
  borrowerPayablePaise?: number;
}

export interface RepaymentPlan extends TwoSidedPlan {
  retainedPaise: number;
  passedUpPaise: number;
  /** Of the interest paid, what came out of the borrower's payable (interest it had collected for the lender). */
  fromPayablePaise: number;
}

/**
 * A repayment: the borrower's liability and interest expense against its money; the lender's money against its
 * receivable, its interest income and (the pass-up share) a payable to the federation above it.
 */
export function planRepayment(flow: RepaymentFlow): Result<RepaymentPlan> {
  const accounts = loanAccounts(flow.fund, flow.lender, flow.borrower);
  const problems: Problem[] = accounts.ok ? [] : [...accounts.problems];
  for (const [field, v] of [['principalPaise', flow.principalPaise], ['interestPaise', flow.interestPaise]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) problems.push(problem(ErrorCode.ValidationFailed, field, 'must be zero or more whole paise'));
  }
  if (problems.length === 0 && flow.principalPaise + flow.interestPaise === 0) problems.push(problem(ErrorCode.ValidationFailed, 'principalPaise', 'nothing is repaid'));
  if (!isPercent(flow.passUpPercent)) problems.push(problem(ErrorCode.ValidationFailed, 'passUpPercent', 'must be a percentage from 0 to 100'));
  if (problems.length || !accounts.ok) return fail(...problems);
  const a = accounts.value;
  const { retainedPaise, passedUpPaise } = splitInterest(flow.interestPaise, flow.passUpPercent);
  const fromPayable = a.borrowerPassUp ? Math.min(flow.interestPaise, Math.max(0, flow.borrowerPayablePaise ?? 0)) : 0;
  const total = flow.principalPaise + flow.interestPaise;
  const b = { loanId: flow.borrowerLoanId };
  const l = { loanId: flow.lenderLoanId, memberId: flow.borrowerTag };
  const plan = checked(
    {
      narration: flow.fund === 'cif' ? 'CIF loan repayment' : 'VRF loan repayment',
      fromKind: flow.borrower,
      toKind: flow.lender,
      from: [
        debit(a.borrowerPrincipal, flow.principalPaise, b),
        ...(a.borrowerPassUp ? [debit(a.borrowerPassUp, fromPayable, b)] : []),
        debit(a.borrowerInterest, flow.interestPaise - fromPayable, b),
        credit(money(flow.borrower, flow.paidFrom), total),
      ],
      to: [
        debit(money(flow.lender, flow.receivedInto), total),
        credit(a.lenderPrincipal, flow.principalPaise, l),
        credit(a.lenderInterest, retainedPaise, l),
        credit(a.lenderPassUp, passedUpPaise, l),
      ],
    },
    flow.date,
    'repay-institution-loan',
  );
  return plan.ok ? ok({ ...plan.value, retainedPaise, passedUpPaise, fromPayablePaise: fromPayable }) : plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Reconciliation of a pair of institutions

export const POSITION_CATEGORIES = ['cif-principal', 'cif-interest', 'vrf-principal', 'vrf-interest', 'grants', 'share-capital', 'membership-fees'] as const;
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];

/**
 * One line of either institution's books that carries a position between them, with the event it belongs to:
 * a transfer (both sides written by one command under one transfer id), an SHG meeting (the SHG's side written at
 * the meeting, the lender's when it records the receipt), or a lone entry (neither).
 */
/**
 * The event a position line belongs to: a transfer, an SHG meeting, a lone entry, or a loan that only one side's
 * books hold (an SHG's CIF loan from its VO that the VO's books do not know, e.g. an opening balance).
 */
export interface PositionKey {
  kind: 'transfer' | 'meeting' | 'entry' | 'loan';
  id: string;
}

export interface PositionLine {
  side: 'upper' | 'lower';
  category: PositionCategory;
  key: PositionKey;
  /** Signed paise as posted (debit positive). */
  amountPaise: number;
  date: string;
  entryId: number;
  /** The line is in a reversing entry. */
  reversal: boolean;
}

export type DifferenceCause =
  /** Repaid at the SHG's meeting; the federation has not recorded receiving it yet. */
  | 'in-transit'
  /** The federation recorded a receipt for a meeting the SHG has since corrected (the corrected meeting is separate). */
  | 'receipt-for-corrected-meeting'
  /** A transfer's entry on one side has no partner on the other side. */
  | 'missing-partner'
  /** A transfer was reversed on one side only. */
  | 'reversed-on-one-side'
  /** Both sides recorded the event, with different amounts. */
  | 'amounts-differ'
  /** An entry on a shared position that belongs to no transfer (e.g. posted directly). */
  | 'unlinked-entry'
  /** A loan in one side's books only (e.g. an SHG's opening balance of a VO loan, from a cut-off sheet). */
  | 'unlinked-loan';

export interface PositionDifference {
  category: PositionCategory;
  key: PositionKey;
  date: string;
  /** Natural amounts each side recorded for this event (positive: an amount the position grew by). */
  upperPaise: number;
  lowerPaise: number;
  differencePaise: number;
  cause: DifferenceCause;
  entryIds: number[];
}

export interface CategoryPosition {
  category: PositionCategory;
  upperPaise: number;
  lowerPaise: number;
  differencePaise: number;
}

/**
 * Which side's lines are debit-natural in each category: the lender's receivable, the giver's expense and the
 * borrower's interest expense are debits; the member's share capital is a debit on the lower side.
 */
const UPPER_IS_DEBIT: Record<PositionCategory, boolean> = {
  'cif-principal': true,
  'vrf-principal': true,
  'cif-interest': false,
  'vrf-interest': false,
  grants: true,
  'share-capital': false,
  'membership-fees': false,
};

/**
 * Compares two institutions' books line by line: per category, what each side says (natural amounts) and the
 * difference; and every event whose two sides do not cancel to the paisa, with its cause. The differences of
 * the events always sum to the category's difference: nothing is left unexplained.
 */
export function reconcilePositions(lines: readonly PositionLine[]): { categories: CategoryPosition[]; differences: PositionDifference[] } {
  const natural = (l: PositionLine) => ((l.side === 'upper') === UPPER_IS_DEBIT[l.category] ? l.amountPaise : -l.amountPaise);
  const categories = new Map<PositionCategory, CategoryPosition>();
  const events = new Map<string, { category: PositionCategory; key: PositionKey; lines: PositionLine[] }>();
  for (const l of lines) {
    const c = categories.get(l.category) ?? { category: l.category, upperPaise: 0, lowerPaise: 0, differencePaise: 0 };
    if (l.side === 'upper') c.upperPaise += natural(l);
    else c.lowerPaise += natural(l);
    c.differencePaise = c.upperPaise - c.lowerPaise;
    categories.set(l.category, c);
    const k = `${l.category}|${l.key.kind}|${l.key.id}`;
    const e = events.get(k) ?? { category: l.category, key: l.key, lines: [] };
    e.lines.push(l);
    events.set(k, e);
  }
  const differences: PositionDifference[] = [];
  for (const e of events.values()) {
    const upper = e.lines.filter((l) => l.side === 'upper');
    const lower = e.lines.filter((l) => l.side === 'lower');
    const upperPaise = upper.reduce((t, l) => t + natural(l), 0);
    const lowerPaise = lower.reduce((t, l) => t + natural(l), 0);
    if (upperPaise === lowerPaise) continue;
    let cause: DifferenceCause;
    if (e.key.kind === 'entry') cause = 'unlinked-entry';
    else if (e.key.kind === 'loan') cause = 'unlinked-loan';
    // Not (or no longer: its receipt reversed) received by the lender; or received for a meeting since corrected.
    else if (e.key.kind === 'meeting') cause = upperPaise === 0 ? 'in-transit' : lowerPaise === 0 ? 'receipt-for-corrected-meeting' : 'amounts-differ';
    else if (upper.length === 0 || lower.length === 0) cause = 'missing-partner';
    else if ((upperPaise === 0 && upper.some((l) => l.reversal)) || (lowerPaise === 0 && lower.some((l) => l.reversal))) cause = 'reversed-on-one-side';
    else cause = 'amounts-differ';
    const dates = e.lines.map((l) => l.date).sort();
    differences.push({
      category: e.category,
      key: e.key,
      date: dates[0]!,
      upperPaise,
      lowerPaise,
      differencePaise: upperPaise - lowerPaise,
      cause,
      entryIds: [...new Set(e.lines.map((l) => l.entryId))].sort((a, b) => a - b),
    });
  }
  differences.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  return { categories: POSITION_CATEGORIES.flatMap((c) => (categories.has(c) ? [categories.get(c)!] : [])), differences };
}
