import { ErrorCode } from '@khata/core';

/** The one map from error codes to HTTP status. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.CommandPayloadMismatch]: 409,
  [ErrorCode.DuplicateMeeting]: 409,
  [ErrorCode.UnknownMember]: 422,
  [ErrorCode.MemberNotActive]: 422,
  [ErrorCode.UnknownLoan]: 422,
  [ErrorCode.LoanClosed]: 422,
  [ErrorCode.RepaymentExceedsDue]: 422,
  [ErrorCode.InsufficientCash]: 422,
  [ErrorCode.InsufficientBank]: 422,
  [ErrorCode.InsufficientSavings]: 422,
  [ErrorCode.PeriodLocked]: 422,
  [ErrorCode.UnbalancedEntry]: 422,
  [ErrorCode.AlreadyReversed]: 409,
  [ErrorCode.SelfApproval]: 403,
  [ErrorCode.CreditLimitExceeded]: 422,
  [ErrorCode.InvalidLoanTerms]: 422,
  [ErrorCode.ImportRowInvalid]: 422,
  [ErrorCode.DateBeforeFormation]: 422,
  [ErrorCode.RuleNotMet]: 422,
  [ErrorCode.ApprovalRequired]: 403,
  [ErrorCode.DuesOutstanding]: 422,
  [ErrorCode.InsufficientStock]: 422,
  [ErrorCode.PaymentExceedsDue]: 422,
};

export function statusOf(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 422;
}
