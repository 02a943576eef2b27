import { registerHandler } from './apply-command.ts';
import { createNode } from '../use-cases/create-node.ts';
import { createShg } from '../use-cases/create-shg.ts';
import { admitMember } from '../use-cases/admit-member.ts';
import { appointOfficeBearer } from '../use-cases/appoint-office-bearer.ts';
import { createUser } from '../use-cases/create-user.ts';
import { recordMeeting } from '../use-cases/record-meeting.ts';
import { correctMeeting } from '../use-cases/correct-meeting.ts';
import { closePeriod } from '../use-cases/close-period.ts';
import { receiveExternalLoan } from '../use-cases/receive-external-loan.ts';
import { drawCashCredit } from '../use-cases/draw-cash-credit.ts';
import { requestWriteOff } from '../use-cases/request-write-off.ts';
import { decideApproval } from '../use-cases/decide-approval.ts';
import { exitMember } from '../use-cases/exit-member.ts';
import { reverseEntry } from '../use-cases/reverse-entry.ts';
import { importCutoff } from '../use-cases/import-cutoff.ts';
import { registerHousehold } from '../use-cases/register-household.ts';
import { defineLoanProduct } from '../use-cases/define-loan-product.ts';
import { updateShg } from '../use-cases/update-shg.ts';
import { updateMember } from '../use-cases/update-member.ts';
import { FEDERATION_HANDLERS } from '../use-cases/federation-commands.ts';
import { defineRuleSet } from '../use-cases/define-rule-set.ts';
import { gradeShg } from '../use-cases/grade-shg.ts';
import { signOffGrading } from '../use-cases/sign-off-grading.ts';
import { recordTraining } from '../use-cases/record-training.ts';
import { BANK_LINKAGE_HANDLERS } from '../use-cases/bank-linkage-commands.ts';
import { INCLUSION_HANDLERS } from '../use-cases/inclusion-commands.ts';
import { TRAINING_HANDLERS } from '../use-cases/training-commands.ts';
import { CADRE_HANDLERS } from '../use-cases/cadre-commands.ts';
import { GRAIN_BANK_HANDLERS } from '../use-cases/grain-bank-commands.ts';
import { PRODUCER_GROUP_HANDLERS } from '../use-cases/producer-group-commands.ts';
import { MICRO_BUSINESS_HANDLERS } from '../use-cases/micro-business-commands.ts';

/** Every command type Khata accepts, in one list. */
export const HANDLERS = [
  createNode,
  createShg,
  admitMember,
  appointOfficeBearer,
  createUser,
  recordMeeting,
  correctMeeting,
  closePeriod,
  receiveExternalLoan,
  drawCashCredit,
  requestWriteOff,
  decideApproval,
  exitMember,
  reverseEntry,
  importCutoff,
  registerHousehold,
  defineLoanProduct,
  updateShg,
  updateMember,
  defineRuleSet,
  gradeShg,
  signOffGrading,
  recordTraining,
  ...FEDERATION_HANDLERS,
  ...BANK_LINKAGE_HANDLERS,
  ...INCLUSION_HANDLERS,
  ...TRAINING_HANDLERS,
  ...CADRE_HANDLERS,
  ...GRAIN_BANK_HANDLERS,
  ...PRODUCER_GROUP_HANDLERS,
  ...MICRO_BUSINESS_HANDLERS,
];

let registered = false;
export function registerAllHandlers(): void {
  if (registered) return;
  registered = true;
  for (const handler of HANDLERS) registerHandler(handler);
}
