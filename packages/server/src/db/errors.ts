import { ErrorCode, KhataError, problem } from '@khata/core';

/** The database's own guards (triggers, unique indexes) become the same coded errors core would give. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof KhataError) return error;
  const e = error as { code?: string; message?: string; constraint?: string };
  const message = e.message ?? '';
  if (message.includes('KHATA_PERIOD_LOCKED')) return new KhataError(problem(ErrorCode.PeriodLocked, 'date', 'this date is in a closed period'));
  if (message.includes('KHATA_UNBALANCED')) return new KhataError(problem(ErrorCode.UnbalancedEntry, undefined, 'the entry does not balance'));
  if (message.includes('KHATA_IMMUTABLE')) return new KhataError(problem(ErrorCode.Conflict, undefined, 'posted records cannot be changed'));
  if (e.code === '23505' && e.constraint === 'meeting_one_per_date') {
    return new KhataError(problem(ErrorCode.DuplicateMeeting, 'date', 'a meeting is already recorded for this group on this date'));
  }
  if (e.code === '23505') return new KhataError(problem(ErrorCode.Conflict, undefined, 'this record already exists'));
  return error;
}
