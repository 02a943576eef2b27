import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import { monthBounds, monthSchema, type HonorariumLine } from '@khata/core/cadres';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { honorariumFor } from '../queries/cadre-queries.ts';
import { HONORARIUM_EXPENSE, HONORARIUM_PAYABLE, PAYER_KINDS, ensureHonorariumAccounts, loadCadre, requirePaidBy } from './cadre-support.ts';
import { dateProblems, loadInstitution, lockBooks, refuse } from './federation-books.ts';

export const accrueHonorariumSchema = z.strictObject({
  /** The accrual's id. */
  id: uuid,
  cadreId: uuid,
  /** The institution that pays her (an SHG, VO, CLF or BLF): the entry is in its books. */
  payerId: uuid,
  month: monthSchema,
});
type AccrueHonorarium = z.output<typeof accrueHonorariumSchema>;

export interface AccrueHonorariumResult {
  accrualId: string;
  entryId: number;
  amountPaise: number;
  lines: HonorariumLine[];
  explanation: string;
}

/**
 * A month's honorarium in the paying institution's books, dated the month's last day: its honorarium expense
 * (debit) and what it owes her (honorarium payable, credit), one balanced entry. The amount is the payer's rule in
 * force for her type applied to her assignments paid by it and the meetings of the groups she kept. Refused when
 * the month is not over, already accrued, has no rule, or nothing is due.
 */
export const accrueHonorarium: CommandHandler<AccrueHonorarium, AccrueHonorariumResult> = {
  type: 'accrue-honorarium',
  schema: accrueHonorariumSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.payerId,
  apply: async (tx, ctx, p) => {
    const cadre = await loadCadre(tx, ctx.actor.organisationId, p.cadreId, 'cadreId', true);
    const payer = await loadInstitution(tx, ctx.actor.organisationId, p.payerId, 'payerId');
    await requirePaidBy(tx, cadre.id, p.payerId);
    if (!PAYER_KINDS.has(payer.kind)) throw new KhataError(problem(ErrorCode.ValidationFailed, 'payerId', 'the payer must be an SHG, a VO, a CLF or a BLF'));
    await lockBooks(tx, payer);
    const { first, last } = monthBounds(p.month);
    if (last >= todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'month', 'the month is not over yet: accrue it after its last day'));
    const already = await tx.selectFrom('honorarium_accrual').select('id').where('cadre_id', '=', p.cadreId).where('payer_id', '=', p.payerId).where('month', '=', first).executeTakeFirst();
    if (already) throw new KhataError(problem(ErrorCode.Conflict, 'month', `${payer.name} has already accrued her honorarium for ${p.month}`, { month: p.month }));
    refuse(dateProblems(payer, last, 'month'));
    const { rule, computation } = await honorariumFor(tx, cadre, p.payerId, p.month);
    if (!rule || !computation) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'month', `${payer.name} has no honorarium rule for a ${cadre.cadre_type} in force in ${p.month}: set one first`, { cadreType: cadre.cadre_type, month: p.month }));
    }
    if (computation.amountPaise === 0) throw new KhataError(problem(ErrorCode.ValidationFailed, 'month', `nothing is due for ${p.month}: ${computation.explanation}`, { month: p.month }));
    await ensureHonorariumAccounts(tx, payer);
    const entryId = await postEntry(tx, {
      organisationId: payer.organisationId,
      entityId: payer.entityId,
      businessDate: last,
      narration: `Honorarium for ${p.month}, ${cadre.cadre_type}: ${computation.explanation}`,
      sourceType: 'accrue-honorarium',
      lines: [
        { accountPath: HONORARIUM_EXPENSE, amountPaise: computation.amountPaise },
        { accountPath: HONORARIUM_PAYABLE, amountPaise: -computation.amountPaise },
      ],
      commandId: ctx.commandId,
    });
    await tx
      .insertInto('honorarium_accrual')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        cadre_id: p.cadreId,
        payer_id: p.payerId,
        month: first,
        amount_paise: computation.amountPaise,
        rule_id: rule.id,
        detail: JSON.stringify({ lines: computation.lines, groupsKept: computation.groupsKept, meetingsWritten: computation.meetingsWritten, explanation: computation.explanation }),
        entry_id: entryId,
        accrued_on: last,
        command_id: ctx.commandId,
      })
      .execute();
    return { accrualId: p.id, entryId, amountPaise: computation.amountPaise, lines: computation.lines, explanation: computation.explanation };
  },
};
