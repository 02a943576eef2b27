import type { CommandHandler } from '../commands/apply-command.ts';

/** The producer-group commands (registered with the rest in commands/registry.ts). */
export const PRODUCER_GROUP_HANDLERS: CommandHandler[] = [];
