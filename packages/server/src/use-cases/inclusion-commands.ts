import type { CommandHandler } from '../commands/apply-command.ts';
import { importHouseholds } from './import-households.ts';
import { recordDrive } from './record-drive.ts';
import { recordPanchayatOutcome } from './record-panchayat-outcome.ts';
import { recordSocialAction } from './record-social-action.ts';
import { submitPanchayatDemand } from './submit-panchayat-demand.ts';
import { updateHousehold } from './update-household.ts';

/**
 * The inclusion commands (registered with the rest in commands/registry.ts; `register-household` is listed there
 * on its own, from before).
 */
export const INCLUSION_HANDLERS: CommandHandler[] = [updateHousehold, importHouseholds, recordDrive, recordSocialAction, submitPanchayatDemand, recordPanchayatOutcome];
