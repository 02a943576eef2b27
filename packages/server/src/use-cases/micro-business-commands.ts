import type { CommandHandler } from '../commands/apply-command.ts';

/** The micro-business commands (registered with the rest in commands/registry.ts). */
export const MICRO_BUSINESS_HANDLERS: CommandHandler[] = [];
