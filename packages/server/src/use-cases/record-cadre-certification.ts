import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { cadreNode, loadCadre } from './cadre-support.ts';

export const recordCadreCertificationSchema = z.strictObject({
  id: uuid,
  cadreId: uuid,
  /** "Certified community bookkeeper", "Bank Mitra (IIBF BC/BF)"… */
  name: nonEmpty(160),
  issuedBy: z.string().trim().max(160).nullish(),
  issuedOn: isoDate,
  validUntil: isoDate.nullish(),
});
type RecordCadreCertification = z.output<typeof recordCadreCertificationSchema>;

/** A certification she holds. */
export const recordCadreCertification: CommandHandler<RecordCadreCertification, { certificationId: string }> = {
  type: 'record-cadre-certification',
  schema: recordCadreCertificationSchema,
  permission: 'write',
  nodeOf: async (tx, p) => cadreNode(tx, p.cadreId),
  apply: async (tx, ctx, p) => {
    await loadCadre(tx, ctx.actor.organisationId, p.cadreId);
    if (p.issuedOn > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'issuedOn', 'cannot be in the future'));
    if (p.validUntil && p.validUntil < p.issuedOn) throw new KhataError(problem(ErrorCode.ValidationFailed, 'validUntil', 'is before it was issued'));
    await tx
      .insertInto('cadre_certification')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, cadre_id: p.cadreId, name: p.name, issued_by: p.issuedBy ?? null, issued_on: p.issuedOn, valid_until: p.validUntil ?? null, command_id: ctx.commandId })
      .execute();
    return { certificationId: p.id };
  },
};
