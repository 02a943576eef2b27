/**
 * Errors are values with stable codes. Core returns them; the server maps each code to an HTTP status in one
 * place (packages/server/src/http/error-status.ts); the web app translates each code through its i18n catalog.
 * Messages here are English for logs/CLI; they never contain personal data (names, phones, ids of people).
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  NotFound: 'NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  CommandPayloadMismatch: 'COMMAND_PAYLOAD_MISMATCH',
  DuplicateMeeting: 'DUPLICATE_MEETING',
  UnknownMember: 'UNKNOWN_MEMBER',
  MemberNotActive: 'MEMBER_NOT_ACTIVE',
  UnknownLoan: 'UNKNOWN_LOAN',
  LoanClosed: 'LOAN_CLOSED',
  RepaymentExceedsDue: 'REPAYMENT_EXCEEDS_OUTSTANDING',
  InsufficientCash: 'INSUFFICIENT_CASH',
  InsufficientBank: 'INSUFFICIENT_BANK',
  InsufficientSavings: 'INSUFFICIENT_SAVINGS',
  PeriodLocked: 'PERIOD_LOCKED',
  UnbalancedEntry: 'UNBALANCED_ENTRY',
  AlreadyReversed: 'ALREADY_REVERSED',
  SelfApproval: 'SELF_APPROVAL',
  CreditLimitExceeded: 'CREDIT_LIMIT_EXCEEDED',
  InvalidLoanTerms: 'INVALID_LOAN_TERMS',
  ImportRowInvalid: 'IMPORT_ROW_INVALID',
  DateBeforeFormation: 'DATE_BEFORE_FORMATION',
  /** A programme rule of the rule set in force refuses it; params.rule names the rule (`funds.revolvingFund.minGrade`). */
  RuleNotMet: 'RULE_NOT_MET',
  /** Above the rule set's threshold a second person must approve (maker–checker): request it instead. */
  ApprovalRequired: 'APPROVAL_REQUIRED',
  /** It still owes (e.g. a member institution's outstanding CIF loans to its federation): settle first. */
  DuesOutstanding: 'DUES_OUTSTANDING',
  /** Grain bank / producer group: taking out more than the stock holds. */
  InsufficientStock: 'INSUFFICIENT_STOCK',
  /** Producer group: paying a member more than is owed to her. */
  PaymentExceedsDue: 'PAYMENT_EXCEEDS_DUE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One thing wrong with an input: which field (a dotted path such as `repayments.2.amountPaise`) and why. */
export interface Problem {
  code: ErrorCode;
  field?: string;
  message: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...problems: Problem[]): Result<T> => ({ ok: false, problems });
export const problem = (
  code: ErrorCode,
  field: string | undefined,
  message: string,
  params?: Record<string, string | number>,
): Problem => ({ code, ...(field === undefined ? {} : { field }), message, ...(params ? { params } : {}) });

/** Thrown only at boundaries (server use cases, CLI) to carry problems out of a transaction; never for control flow in core. */
export class KhataError extends Error {
  readonly problems: Problem[];
  constructor(...problems: Problem[]) {
    super(problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; '));
    this.name = 'KhataError';
    this.problems = problems;
  }
  get code(): ErrorCode {
    return this.problems[0]?.code ?? ErrorCode.ValidationFailed;
  }
}

/** Unwraps a Result or throws its problems as a KhataError. */
export function orThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new KhataError(...result.problems);
}
