import type { CommandHandler } from '../commands/apply-command.ts';
import { admitProducerGroupMember } from './admit-producer-group-member.ts';
import { aggregateProduce } from './aggregate-produce.ts';
import { createProducerGroup } from './create-producer-group.ts';
import { issueInputs } from './issue-inputs.ts';
import { joinProducerCompany } from './join-producer-company.ts';
import { payProducerMember } from './pay-producer-member.ts';
import { procureInputs } from './procure-inputs.ts';
import { recordProducerGroupExpense } from './record-producer-group-expense.ts';
import { sellProduce } from './sell-produce.ts';

/** The producer-group commands (registered with the rest in commands/registry.ts). */
export const PRODUCER_GROUP_HANDLERS: CommandHandler[] = [
  createProducerGroup,
  admitProducerGroupMember,
  procureInputs,
  issueInputs,
  aggregateProduce,
  sellProduce,
  payProducerMember,
  recordProducerGroupExpense,
  joinProducerCompany,
];
