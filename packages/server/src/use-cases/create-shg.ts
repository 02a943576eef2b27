import { z } from 'zod';
import { isoDate, nonEmpty, paiseAmount, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { insertNode } from './tree.ts';
import { encrypt } from '../secrets.ts';
import { serverContext } from '../server-context.ts';

export const createShgSchema = z.object({
  id: uuid,
  villageId: uuid,
  name: nonEmpty(),
  code: nonEmpty(40),
  nrlmCode: z.string().regex(/^\d{2,20}$/, 'must be digits').nullish(),
  formedOn: isoDate,
  meetingFrequency: z.enum(['weekly', 'fortnightly', 'monthly']),
  meetingDay: z.number().int().min(0).max(6).nullish(),
  compulsorySavingsPaise: paiseAmount,
  groupType: z.enum(['regular', 'special']).default('regular'),
  specialTags: z.array(z.enum(['elderly', 'pvtg', 'pwd', 'other'])).default([]),
  promotedBy: z.string().max(100).nullish(),
  interestRounding: z.enum(['paise', 'rupee-half-even', 'rupee-up', 'rupee-down']).default('paise'),
  bankAccounts: z
    .array(
      z.object({
        id: uuid,
        bankName: nonEmpty(100),
        branch: z.string().max(100).nullish(),
        ifsc: z.string().regex(/^[A-Z]{4}0[A-Z0-9]{6}$/, 'must be an IFSC code like SBIN0001234').nullish(),
        accountNumber: z.string().regex(/^\d{6,20}$/, 'must be 6 to 20 digits'),
        openedOn: isoDate.nullish(),
        isDefault: z.boolean().default(false),
      }),
    )
    .default([]),
});

/** Forms an SHG in a village: its node, its own books (chart of accounts from the SHG template), its bank accounts. */
export const createShg: CommandHandler<z.infer<typeof createShgSchema>, { shgId: string }> = {
  type: 'create-shg',
  schema: createShgSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.villageId,
  apply: async (tx, ctx, p) => {
    const organisationId = ctx.actor.organisationId;
    await insertNode(tx, { id: p.id, organisationId, parentId: p.villageId, kind: 'shg', name: p.name, code: p.code, nrlmCode: p.nrlmCode ?? null });
    await tx
      .insertInto('shg')
      .values({
        node_id: p.id,
        organisation_id: organisationId,
        formed_on: p.formedOn,
        meeting_frequency: p.meetingFrequency,
        meeting_day: p.meetingDay ?? null,
        compulsory_savings_paise: p.compulsorySavingsPaise,
        group_type: p.groupType,
        special_tags: p.specialTags,
        promoted_by: p.promotedBy ?? null,
        interest_rounding: p.interestRounding,
        started_with_cutoff_on: null,
      })
      .execute();
    for (const [i, account] of p.bankAccounts.entries()) {
      await tx
        .insertInto('bank_account')
        .values({
          id: account.id,
          organisation_id: organisationId,
          node_id: p.id,
          bank_name: account.bankName,
          branch: account.branch ?? null,
          ifsc: account.ifsc ?? null,
          account_number_encrypted: encrypt(serverContext().secretKey, account.accountNumber),
          account_last4: account.accountNumber.slice(-4),
          opened_on: account.openedOn ?? null,
          is_default: account.isDefault || i === 0,
        })
        .execute();
    }
    return { shgId: p.id };
  },
};
