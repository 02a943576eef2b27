import type { CommandHandler } from '../commands/apply-command.ts';

/** The bank-linkage commands (registered with the rest in commands/registry.ts). */
export const BANK_LINKAGE_HANDLERS: CommandHandler[] = [];
