import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { ErrorCode, problem, type Problem } from './errors.ts';

/** Small schema pieces every command shares: the phone and the server validate with the very same rules. */
export const isoDate = z.string().refine((v) => isIsoDate(v), { message: 'must be a date as YYYY-MM-DD' });
export const uuid = z.uuid({ message: 'must be an id (UUID)' });
/** Integer paise, never negative: direction is carried by the field, not the sign. */
export const paiseAmount = z.number({ message: 'must be an amount in paise' }).int('must be whole paise').min(0, 'cannot be negative').max(Number.MAX_SAFE_INTEGER);
export const positivePaise = paiseAmount.refine((n) => n > 0, { message: 'must be more than zero' });
export const language = z.enum(['en', 'hi', 'bn', 'or']);
export const nonEmpty = (max = 200) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

interface Issue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** zod issues as Problems, each naming its field path (`repayments.2.loanId`). */
export function zodProblems(error: { readonly issues: readonly Issue[] } | readonly Issue[]): Problem[] {
  const issues = 'issues' in error ? error.issues : error;
  return issues.map((i) => problem(ErrorCode.ValidationFailed, i.path.length ? i.path.map(String).join('.') : undefined, i.message));
}
