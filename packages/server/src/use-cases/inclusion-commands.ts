import type { CommandHandler } from '../commands/apply-command.ts';

/** The inclusion commands (registered with the rest in commands/registry.ts). */
export const INCLUSION_HANDLERS: CommandHandler[] = [];
