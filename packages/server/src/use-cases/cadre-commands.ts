import type { CommandHandler } from '../commands/apply-command.ts';

/** The cadre commands (registered with the rest in commands/registry.ts). */
export const CADRE_HANDLERS: CommandHandler[] = [];
