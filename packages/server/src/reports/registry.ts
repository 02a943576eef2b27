import type { z } from 'zod';
import type { Database } from '../db/pool.ts';
import type { Report } from './report.ts';
import { balanceSheet, balanceSheetParams } from './balance-sheet.ts';
import { cashBook, cashBookParams } from './cash-book.ts';
import { dcb, dcbParams } from './dcb.ts';
import { externalLoanLedger, externalLoanLedgerParams } from './external-loan-ledger.ts';
import { generalLedger, generalLedgerParams } from './general-ledger.ts';
import { incomeExpenditure, incomeExpenditureParams } from './income-expenditure.ts';
import { internalLoanLedger, internalLoanLedgerParams } from './internal-loan-ledger.ts';
import { overdue, overdueParams } from './overdue.ts';
import { passbook, passbookParams } from './passbook.ts';
import { portfolio, portfolioParams } from './portfolio.ts';
import { receiptsPayments, receiptsPaymentsParams } from './receipts-payments.ts';
import { savingsRegister, savingsRegisterParams } from './savings-register.ts';
import { trialBalance, trialBalanceParams } from './trial-balance.ts';

export interface ReportDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** 'range': from/to; 'asOf': one date. */
  period: 'range' | 'asOf';
  /** Reads a member's or the group's member registers (an SHG's books only). */
  perMember?: boolean;
  params: S;
  run(db: Database, entityId: number, params: z.output<S>): Promise<Report>;
}

const define = <S extends z.ZodType>(d: ReportDefinition<S>): ReportDefinition => d as unknown as ReportDefinition;

/** Every report, by name. One file per report beside this one. */
export const REPORTS: ReadonlyMap<string, ReportDefinition> = new Map(
  [
    define({ name: 'passbook', period: 'range', perMember: true, params: passbookParams, run: passbook }),
    define({ name: 'savings-register', period: 'range', params: savingsRegisterParams, run: savingsRegister }),
    define({ name: 'internal-loan-ledger', period: 'range', params: internalLoanLedgerParams, run: internalLoanLedger }),
    define({ name: 'external-loan-ledger', period: 'range', params: externalLoanLedgerParams, run: externalLoanLedger }),
    define({ name: 'dcb', period: 'range', params: dcbParams, run: dcb }),
    define({ name: 'cash-book', period: 'range', params: cashBookParams, run: cashBook }),
    define({ name: 'general-ledger', period: 'range', params: generalLedgerParams, run: generalLedger }),
    define({ name: 'trial-balance', period: 'asOf', params: trialBalanceParams, run: trialBalance }),
    define({ name: 'receipts-payments', period: 'range', params: receiptsPaymentsParams, run: receiptsPayments }),
    define({ name: 'income-expenditure', period: 'range', params: incomeExpenditureParams, run: incomeExpenditure }),
    define({ name: 'balance-sheet', period: 'asOf', params: balanceSheetParams, run: balanceSheet }),
    define({ name: 'portfolio', period: 'asOf', params: portfolioParams, run: portfolio }),
    define({ name: 'overdue', period: 'asOf', params: overdueParams, run: overdue }),
  ].map((d) => [d.name, d]),
);

export const REPORT_NAMES = [...REPORTS.keys()];

export function reportDefinition(name: string): ReportDefinition | undefined {
  return REPORTS.get(name);
}
