import type { CommandHandler } from '../commands/apply-command.ts';

/** The grain-bank commands (registered with the rest in commands/registry.ts). */
export const GRAIN_BANK_HANDLERS: CommandHandler[] = [];
