/** The reports an SHG's books produce, and which parameters each one takes (the picker shows only those). */
export type ReportPeriod = 'range' | 'asOf';

export interface ReportInfo {
  name: string;
  period: ReportPeriod;
  /** Needs a member: opened from the member (passbook page), not from the generic list. */
  perMember?: boolean;
}

export const REPORTS: readonly ReportInfo[] = [
  { name: 'passbook', period: 'range', perMember: true },
  { name: 'savings-register', period: 'range' },
  { name: 'internal-loan-ledger', period: 'range' },
  { name: 'external-loan-ledger', period: 'range' },
  { name: 'dcb', period: 'range' },
  { name: 'cash-book', period: 'range' },
  { name: 'general-ledger', period: 'range' },
  { name: 'trial-balance', period: 'asOf' },
  { name: 'receipts-payments', period: 'range' },
  { name: 'income-expenditure', period: 'range' },
  { name: 'balance-sheet', period: 'asOf' },
  { name: 'portfolio', period: 'asOf' },
  { name: 'overdue', period: 'asOf' },
];

export function reportInfo(name: string): ReportInfo | undefined {
  return REPORTS.find((r) => r.name === name);
}
