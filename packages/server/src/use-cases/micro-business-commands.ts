import type { CommandHandler } from '../commands/apply-command.ts';
import { assignCase } from './assign-case.ts';
import { changeCaseStatus } from './change-case-status.ts';
import { createProgrammeUser } from './create-programme-user.ts';
import { drawUpBusinessPlan } from './draw-up-business-plan.ts';
import { endCaseAssignment } from './end-case-assignment.ts';
import { endProgrammeRole } from './end-programme-role.ts';
import { grantProgrammeRole } from './grant-programme-role.ts';
import { openCase } from './open-case.ts';
import { recordBusinessResult } from './record-business-result.ts';
import { recordBusinessRisk } from './record-business-risk.ts';
import { recordCoachingVisit } from './record-coaching-visit.ts';
import { recordSocialSupport } from './record-social-support.ts';
import { recordWorkshopAttendance } from './record-workshop-attendance.ts';
import { registerProgrammePartner } from './register-programme-partner.ts';
import { updateParticipant } from './update-participant.ts';

/**
 * The micro-business commands (registered with the rest in commands/registry.ts). Every case command decides its
 * access through `authorize` (an assignment to the case in force today), never through the tree; see
 * micro-business/need-to-know.ts.
 */
export const MICRO_BUSINESS_HANDLERS: CommandHandler[] = [
  registerProgrammePartner,
  createProgrammeUser,
  grantProgrammeRole,
  endProgrammeRole,
  openCase,
  updateParticipant,
  changeCaseStatus,
  assignCase,
  endCaseAssignment,
  drawUpBusinessPlan,
  recordBusinessRisk,
  recordSocialSupport,
  recordWorkshopAttendance,
  recordCoachingVisit,
  recordBusinessResult,
];
