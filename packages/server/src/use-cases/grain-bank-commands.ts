import type { CommandHandler } from '../commands/apply-command.ts';
import { countGrain } from './count-grain.ts';
import { createGrainBank } from './create-grain-bank.ts';
import { lendGrain } from './lend-grain.ts';
import { receiveGrain } from './receive-grain.ts';
import { recordGrainLoss } from './record-grain-loss.ts';
import { repayGrain } from './repay-grain.ts';
import { sellGrain } from './sell-grain.ts';

/** The grain-bank commands (registered with the rest in commands/registry.ts). */
export const GRAIN_BANK_HANDLERS: CommandHandler[] = [createGrainBank, receiveGrain, lendGrain, repayGrain, recordGrainLoss, sellGrain, countGrain];
