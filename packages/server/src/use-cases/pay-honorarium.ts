import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, positivePaise, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { HONORARIUM_PAYABLE, PAYER_KINDS, ensureHonorariumAccounts, honorariumOwed, loadCadre, requirePaidBy } from './cadre-support.ts';
import { dateProblems, loadInstitution, lockBooks, moneyProblems, refuse } from './federation-books.ts';

export const payHonorariumSchema = z.strictObject({
  /** The payment's id. */
  id: uuid,
  cadreId: uuid,
  payerId: uuid,
  date: isoDate,
  /** All she is owed by default; never more. */
  amountPaise: positivePaise.nullish(),
  paidFrom: z.enum(['cash', 'bank']).default('cash'),
  /** Voucher or cheque number. */
  reference: z.string().trim().max(100).nullish(),
});
type PayHonorarium = z.output<typeof payHonorariumSchema>;

/**
 * Honorarium paid out of the payer's cash or bank: what it owes her (honorarium payable, debit) against its cash or
 * bank (credit), one balanced entry. Refused when nothing is owed, for more than is owed, or when the payer has
 * too little in the account it pays from.
 */
export const payHonorarium: CommandHandler<PayHonorarium, { paymentId: string; entryId: number; amountPaise: number; owedAfterPaise: number }> = {
  type: 'pay-honorarium',
  schema: payHonorariumSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.payerId,
  apply: async (tx, ctx, p) => {
    const cadre = await loadCadre(tx, ctx.actor.organisationId, p.cadreId, 'cadreId', true);
    const payer = await loadInstitution(tx, ctx.actor.organisationId, p.payerId, 'payerId');
    await requirePaidBy(tx, cadre.id, p.payerId);
    if (!PAYER_KINDS.has(payer.kind)) throw new KhataError(problem(ErrorCode.ValidationFailed, 'payerId', 'the payer must be an SHG, a VO, a CLF or a BLF'));
    await lockBooks(tx, payer);
    if (p.date > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'date', 'cannot be in the future'));
    const owed = await honorariumOwed(tx, cadre.id, p.payerId);
    if (owed <= 0) throw new KhataError(problem(ErrorCode.ValidationFailed, 'amountPaise', `${payer.name} owes her no honorarium: accrue a month first`));
    const amount = p.amountPaise ?? owed;
    if (amount > owed) throw new KhataError(problem(ErrorCode.ValidationFailed, 'amountPaise', 'is more than she is owed', { owedPaise: owed }));
    const lastAccrual = await tx.selectFrom('honorarium_accrual').select((eb) => eb.fn.min('accrued_on').as('first')).where('cadre_id', '=', cadre.id).where('payer_id', '=', p.payerId).executeTakeFirst();
    if (lastAccrual?.first && p.date < lastAccrual.first) throw new KhataError(problem(ErrorCode.ValidationFailed, 'date', `is before the first honorarium was accrued (${lastAccrual.first})`));
    refuse([...dateProblems(payer, p.date), ...(await moneyProblems(tx, payer, p.paidFrom, amount, 'amountPaise'))]);
    await ensureHonorariumAccounts(tx, payer);
    const ref = p.reference ? ` (${p.reference})` : '';
    const entryId = await postEntry(tx, {
      organisationId: payer.organisationId,
      entityId: payer.entityId,
      businessDate: p.date,
      narration: `Honorarium paid, ${cadre.cadre_type}${ref}`,
      sourceType: 'pay-honorarium',
      lines: [
        { accountPath: HONORARIUM_PAYABLE, amountPaise: amount },
        { accountPath: p.paidFrom === 'bank' ? 'assets:bank' : 'assets:cash', amountPaise: -amount },
      ],
      commandId: ctx.commandId,
    });
    await tx
      .insertInto('honorarium_payment')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, cadre_id: cadre.id, payer_id: p.payerId, amount_paise: amount, paid_on: p.date, paid_from: p.paidFrom, reference: p.reference ?? null, entry_id: entryId, command_id: ctx.commandId })
      .execute();
    return { paymentId: p.id, entryId, amountPaise: amount, owedAfterPaise: owed - amount };
  },
};
