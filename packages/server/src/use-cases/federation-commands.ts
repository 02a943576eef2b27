import { admitFederationMember } from './admit-federation-member.ts';
import { appointEcMember } from './appoint-ec-member.ts';
import { createFederation } from './create-federation.ts';
import { formSubCommittee } from './form-sub-committee.ts';
import { lendToMemberInstitution } from './lend-to-member-institution.ts';
import { receiveMeetingRepayment } from './receive-meeting-repayment.ts';
import { recordFederationMeeting } from './record-federation-meeting.ts';
import { releaseFund } from './release-fund.ts';
import { requestFundRelease } from './request-fund-release.ts';
import { leaveFederation } from './leave-federation.ts';
import { repayInstitutionLoan } from './repay-institution-loan.ts';

/** The federation commands (registered with the rest in commands/registry.ts). */
export const FEDERATION_HANDLERS = [
  createFederation,
  admitFederationMember,
  appointEcMember,
  formSubCommittee,
  recordFederationMeeting,
  releaseFund,
  requestFundRelease,
  leaveFederation,
  lendToMemberInstitution,
  repayInstitutionLoan,
  receiveMeetingRepayment,
];
