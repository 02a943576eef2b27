import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addDays, addMonths, ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import { APPLICATION_PRODUCTS, APPLICATION_STATUSES, outstandingOn } from '@khata/core/bank-linkage';
import type { Database } from '../../db/pool.ts';
import { authorizeNode } from '../../access.ts';
import { todayIn } from '../../business-date.ts';
import { listFormat, sendTable } from '../send-table.ts';
import { requireActor } from '../app.ts';
import { applicationsTable, applicationsUnder, pendencyReport, pendencyTable } from '../../reports/bank-linkage-applications.ts';
import { claimsReport, claimsTable } from '../../reports/bank-linkage-claims.ts';
import { eligibilityOf, loadBankLoans } from '../../use-cases/bank-linkage-books.ts';

const idParams = z.object({ id: uuid });

/** The first day of the quarter (April–June, …, January–March) that holds `date`. */
function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

/**
 * Bank linkage: applications under a node (or of one SHG), one application with its eligibility checks and the
 * bank's decision, an eligibility preview for the submission form, the pendency report and the subvention claims
 * report. Lists answer `?format=csv|xlsx` as downloads. Changes go through POST /api/commands
 * (submit-loan-application, record-bank-decision, receive-external-loan with applicationId,
 * record-subvention-credit).
 */
export const bankLinkageRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/bank-linkage/applications',
    {
      schema: {
        tags: ['bank-linkage'],
        description: 'Loan applications of the SHGs under a node (or of one SHG), newest first.',
        querystring: z.object({ nodeId: uuid, status: z.enum(APPLICATION_STATUSES).optional(), format: listFormat }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.query.nodeId, 'read');
      const rows = await applicationsUnder(db, actor.organisationId, node.path, { status: request.query.status });
      if (request.query.format !== 'json') return sendTable(reply, applicationsTable(rows), request.query.format, `loan-applications-${node.code}`);
      return { applications: rows };
    },
  );

  app.get('/api/bank-linkage/applications/:id', { schema: { tags: ['bank-linkage'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const a = await db
      .selectFrom('bank_loan_application as a')
      .innerJoin('node as n', 'n.id', 'a.shg_id')
      .innerJoin('app_user as s', 's.id', 'a.submitted_by')
      .leftJoin('app_user as d', 'd.id', 'a.decided_by')
      .selectAll('a')
      .select(['n.name as shg_name', 'n.code as shg_code', 's.name as submitted_by_name', 'd.name as decided_by_name'])
      .where('a.id', '=', request.params.id)
      .where('a.organisation_id', '=', actor.organisationId)
      .executeTakeFirst();
    if (!a) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'not found'));
    await authorizeNode(db, actor, a.shg_id, 'read');
    const asOf = todayIn();
    let loan = null;
    if (a.loan_id) {
      const [l] = await loadBankLoans(db, [a.shg_id], asOf, { loanIds: [a.loan_id] });
      const credits = await db
        .selectFrom('subvention_credit')
        .select(['id', 'period_from as periodFrom', 'period_to as periodTo', 'credited_on as creditedOn', 'amount_paise as amountPaise', 'computed_paise as computedPaise', 'prompt_payee as promptPayee'])
        .where('loan_id', '=', a.loan_id)
        .orderBy('period_from')
        .execute();
      if (l) loan = { id: l.id, kind: l.kind, disbursedOn: l.disbursedOn, principalPaise: l.principalPaise, limitPaise: l.limitPaise, annualRatePercent: l.annualRatePercent, reference: l.reference, status: l.status, outstandingPaise: outstandingOn(l, asOf), subventionCredits: credits };
    }
    return {
      application: {
        id: a.id,
        shgId: a.shg_id,
        shgName: a.shg_name,
        shgCode: a.shg_code,
        bankName: a.bank_name,
        branchName: a.branch_name,
        product: a.product,
        amountRequestedPaise: a.amount_requested_paise,
        purpose: a.purpose,
        submittedOn: a.submitted_on,
        submittedBy: a.submitted_by_name,
        dose: a.dose,
        corpusPaise: a.corpus_paise,
        doseLimitPaise: a.dose_limit_paise,
        eligible: a.eligible,
        eligibility: a.eligibility,
        ruleSetVersion: a.rule_set_version,
        status: a.status,
        decidedOn: a.decided_on,
        decidedBy: a.decided_by_name,
        sanctionedPaise: a.sanctioned_paise,
        sanctionedRatePercent: a.sanctioned_rate_percent,
        sanctionedTermMonths: a.sanctioned_term_months,
        rejectionReason: a.rejection_reason,
        overrideReason: a.override_reason,
        loanId: a.loan_id,
        disbursedOn: a.disbursed_on,
      },
      loan,
    };
  });

  app.get(
    '/api/bank-linkage/eligibility',
    {
      schema: {
        tags: ['bank-linkage'],
        description: 'What submitting an application would find: eligibility from the records on the date, under the rule set in force then.',
        querystring: z.object({ shgId: uuid, date: isoDate.optional(), product: z.enum(APPLICATION_PRODUCTS).default('term-loan'), amountPaise: z.coerce.number().int('must be whole paise').positive('must be more than 0').max(Number.MAX_SAFE_INTEGER).optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorizeNode(db, actor, request.query.shgId, 'read');
      const q = request.query;
      const eligibility = await eligibilityOf(db, actor.organisationId, { shgId: q.shgId, date: q.date ?? todayIn(), product: q.product, amountRequestedPaise: q.amountPaise ?? 1 });
      return { eligibility };
    },
  );

  app.get(
    '/api/bank-linkage/pendency',
    {
      schema: {
        tags: ['bank-linkage'],
        description: 'Applications still waiting (undecided, or sanctioned and not disbursed) by days since submission: 0–15, 16–30, 31–60, over 60.',
        querystring: z.object({ nodeId: uuid, asOf: isoDate.optional(), format: listFormat }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.query.nodeId, 'read');
      const report = await pendencyReport(db, actor.organisationId, node.path, request.query.asOf ?? todayIn());
      if (request.query.format !== 'json') return sendTable(reply, pendencyTable(report), request.query.format, `pendency-${node.code}-${report.asOf}`);
      return { pendency: report };
    },
  );

  app.get(
    '/api/bank-linkage/claims',
    {
      schema: {
        tags: ['bank-linkage'],
        description: 'Interest subvention claims per bank and loan for a period (by default the quarter so far): interest charged, the 7% part, subvention, prompt payee and its extra 3%.',
        querystring: z.object({ nodeId: uuid, from: isoDate.optional(), to: isoDate.optional(), asOf: isoDate.optional(), format: listFormat }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.query.nodeId, 'read');
      const today = todayIn();
      const to = request.query.to ?? (request.query.from ? addDays(addMonths(request.query.from, 3), -1) : today);
      const from = request.query.from ?? quarterStart(to);
      if (from > to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'from', 'must not be after to'));
      if (addMonths(from, 24) <= to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'a claim period is at most two years'));
      const asOf = request.query.asOf ?? (to > today ? to : today);
      const report = await claimsReport(db, actor.organisationId, node.path, { from, to, asOf });
      if (request.query.format !== 'json') return sendTable(reply, claimsTable(report), request.query.format, `subvention-claims-${node.code}-${from}-${to}`);
      return { claims: report };
    },
  );
};
