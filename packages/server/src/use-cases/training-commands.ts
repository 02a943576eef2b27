import type { CommandHandler } from '../commands/apply-command.ts';

/** The training commands (registered with the rest in commands/registry.ts). */
export const TRAINING_HANDLERS: CommandHandler[] = [];
