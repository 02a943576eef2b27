import type { CommandHandler } from '../commands/apply-command.ts';
import { recordBankDecision } from './record-bank-decision.ts';
import { recordSubventionCredit } from './record-subvention-credit.ts';
import { submitLoanApplication } from './submit-loan-application.ts';

/**
 * The bank-linkage commands (registered with the rest in commands/registry.ts). The loan itself is received with
 * receive-external-loan, naming the sanctioned application (applicationId).
 */
export const BANK_LINKAGE_HANDLERS: CommandHandler[] = [submitLoanApplication, recordBankDecision, recordSubventionCredit];
