import type { CommandHandler } from '../commands/apply-command.ts';
import { accrueHonorarium } from './accrue-honorarium.ts';
import { assignCadre } from './assign-cadre.ts';
import { changeCadreStatus } from './change-cadre-status.ts';
import { defineCadreType } from './define-cadre-type.ts';
import { endCadreAssignment } from './end-cadre-assignment.ts';
import { importCadreList } from './import-cadre-list.ts';
import { payHonorarium } from './pay-honorarium.ts';
import { recordCadreCertification } from './record-cadre-certification.ts';
import { registerCadre } from './register-cadre.ts';
import { reviewCadre } from './review-cadre.ts';
import { setHonorariumRule } from './set-honorarium-rule.ts';

/** The cadre commands (registered with the rest in commands/registry.ts). */
export const CADRE_HANDLERS: CommandHandler[] = [
  defineCadreType,
  registerCadre,
  changeCadreStatus,
  assignCadre,
  endCadreAssignment,
  recordCadreCertification,
  setHonorariumRule,
  accrueHonorarium,
  payHonorarium,
  reviewCadre,
  importCadreList,
];
