import { z } from 'zod';
import { ErrorCode, isoDate, problem, uuid, type Problem } from '@khata/core';
import { countGainValue, grainKindSchema, planGrainPosting } from '@khata/core/grain-bank';
import { MAX_QUANTITY, takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { grainDateProblems, grainPositions, kindProblems, nodeOfGrainBank, openGrainBank, positionOf, uuidFrom, writeGrainMovement } from './grain-bank-books.ts';

export const countGrainSchema = z.strictObject({
  countId: uuid,
  grainBankId: uuid,
  date: isoDate,
  /** What was found in the store, per kind, in grams (kinds not listed were not counted). */
  lines: z
    .array(z.strictObject({ grain: grainKindSchema, countedGrams: z.number({ message: 'must be a quantity in grams' }).int('must be whole grams').min(0, 'cannot be negative').max(MAX_QUANTITY) }))
    .min(1, 'count at least one kind'),
  note: z.string().trim().max(300).nullish(),
});
export type CountGrain = z.output<typeof countGrainSchema>;

/**
 * A physical count of the store: per kind, what the register says and what was found. A shortfall goes out of the
 * register as a count loss (at average cost in a valued bank), grain found beyond it comes in as a count gain.
 */
export const countGrain: CommandHandler<CountGrain, { countId: string; lines: Array<{ grain: string; bookGrams: number; countedGrams: number; differenceGrams: number }> }> = {
  type: 'count-grain',
  schema: countGrainSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfGrainBank(tx, p.grainBankId),
  apply: async (tx, ctx, p) => {
    const open = await openGrainBank(tx, ctx, p.grainBankId);
    const problems: Problem[] = [...(await grainDateProblems(tx, open, p.date))];
    const seen = new Set<string>();
    p.lines.forEach((l, i) => {
      problems.push(...kindProblems(open.bank, l.grain, `lines.${i}.grain`));
      if (seen.has(l.grain)) problems.push(problem(ErrorCode.ValidationFailed, `lines.${i}.grain`, 'is counted twice'));
      seen.add(l.grain);
    });
    const counted = await tx.selectFrom('grain_count').select('id').where('id', '=', p.countId).executeTakeFirst();
    if (counted) problems.push(problem(ErrorCode.Conflict, 'countId', 'a count with this id already exists'));
    refuse(problems);
    const positions = await grainPositions(tx, open.bank.id);
    const out: Array<{ grain: string; bookGrams: number; countedGrams: number; differenceGrams: number }> = [];
    for (const l of p.lines) {
      const at = positionOf(positions, l.grain);
      const difference = l.countedGrams - at.quantity;
      let movementId: string | null = null;
      if (difference !== 0) {
        movementId = uuidFrom(p.countId, l.grain);
        if (difference < 0) {
          const taken = takeOut(at, -difference);
          const cost = taken.ok ? taken.value.costPaise : 0;
          await writeGrainMovement(tx, ctx, open, { id: movementId, date: p.date, grain: l.grain, kind: 'count-loss', quantityGrams: -difference, valuePaise: cost, reason: 'count', note: p.note ?? null }, planGrainPosting({ kind: 'count-loss', costPaise: cost }), `Grain bank: ${l.grain} short at the count`);
        } else {
          const value = countGainValue(at, difference);
          await writeGrainMovement(tx, ctx, open, { id: movementId, date: p.date, grain: l.grain, kind: 'count-gain', quantityGrams: difference, valuePaise: value, reason: 'count', note: p.note ?? null }, planGrainPosting({ kind: 'count-gain', valuePaise: value }), `Grain bank: ${l.grain} found beyond the register at the count`);
        }
      }
      await tx
        .insertInto('grain_count')
        .values({ id: p.countId, organisation_id: open.bank.organisation_id, grain_bank_id: open.bank.id, date: p.date, grain: l.grain, book_grams: at.quantity, counted_grams: l.countedGrams, movement_id: movementId, command_id: ctx.commandId })
        .execute();
      out.push({ grain: l.grain, bookGrams: at.quantity, countedGrams: l.countedGrams, differenceGrams: difference });
    }
    return { countId: p.countId, lines: out };
  },
};
