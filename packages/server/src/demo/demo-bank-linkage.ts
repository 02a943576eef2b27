import { addDays, addMonths, compareDates, type PaiseInstallment } from '@khata/core';
import { subventionForPeriod } from '@khata/core/bank-linkage';
import type { Database } from '../db/pool.ts';
import { loadRuleSets } from '../queries/shg-records.ts';
import { loadBankLoans } from '../use-cases/bank-linkage-books.ts';
import type { DemoContext, DemoExtension } from './demo-extensions.ts';
import { demoId, hasCommand } from './generate-demo.ts';

/*
 * Bank linkage in the demo, all before the demo's last day:
 * - one group of the second branch is graded and signed off, applies for a term loan of Rs 1.5 lakh, is
 *   sanctioned, receives it (receive-external-loan naming the application), pays every instalment on its due date,
 *   and is credited its interest subvention quarter by quarter (what the rules give: a prompt payee);
 * - a rejected application, one still undecided and one sanctioned and waiting for the money, so that the
 *   pendency report has content in more than one bucket.
 */

const LAKH = 100_000_00;

type Group = DemoContext['plan']['groups'][number];

/** The first day a group's books accept money on: after formation and after its closed period. */
async function openFrom(db: Database, g: Group): Promise<string> {
  const lock = await db
    .selectFrom('period_lock as p')
    .innerJoin('entity as e', 'e.id', 'p.entity_id')
    .select('p.locked_through')
    .where('e.node_id', '=', g.id)
    .executeTakeFirst();
  const afterLock = lock ? addDays(lock.locked_through, 1) : g.formedOn;
  return compareDates(afterLock, g.formedOn) > 0 ? afterLock : g.formedOn;
}

const later = (a: string, b: string) => (compareDates(a, b) >= 0 ? a : b);

export const demoBankLinkage: DemoExtension = {
  label: 'bank linkage',
  async run({ db, cmd, plan, seed, commandsOf }: DemoContext) {
    if (!hasCommand('submit-loan-application')) return;
    const end = plan.end;
    const id = (key: string) => demoId(seed, `bank-linkage:${key}`);
    const branchOf = (g: Group) => g.village.branchIndex;
    const second = plan.groups.filter((g) => branchOf(g) === 1);
    const first = plan.groups.filter((g) => branchOf(g) === 0);
    const applicant = second.find((g) => !g.bankLoan) ?? second[0];
    const pendingGroups = [...first.filter((g) => !g.bankLoan), ...first.filter((g) => g.bankLoan)];

    // -- The whole cycle: graded, applied, sanctioned, disbursed, repaid on time, subvention credited.
    if (applicant) {
      const g = applicant;
      const submitted = later(addDays(await openFrom(db, g), 7), addMonths(end, -6));
      if (compareDates(addDays(submitted, 60), end) <= 0) {
        const manager = await commandsOf('manager.baharagora');
        const gradedOn = addDays(submitted, -1);
        if (hasCommand('grade-shg') && compareDates(gradedOn, g.formedOn) >= 0) {
          await cmd.run('grade-shg', 'bank-linkage:grading', { id: id('grading'), shgId: g.id, asOf: gradedOn, stage: 'other' }, gradedOn);
          await manager.run('sign-off-grading', 'bank-linkage:grading', { gradingId: id('grading'), note: 'checked against the registers before bank linkage' }, submitted);
        }
        const bank = { bankName: g.bank.name, branchName: g.bank.branch };
        const applicationId = id('application:main');
        await cmd.run(
          'submit-loan-application',
          'main',
          { id: applicationId, shgId: g.id, ...bank, product: 'term-loan', amountRequestedPaise: 1.5 * LAKH, purpose: 'dairy cattle and vegetable farming of members', date: submitted },
          submitted,
        );
        const sanctionedOn = addDays(submitted, 12);
        await manager.run(
          'record-bank-decision',
          'main',
          { applicationId, decision: 'sanctioned', date: sanctionedOn, sanctionedPaise: 1.5 * LAKH, annualRatePercent: '10.5', termMonths: 6 },
          sanctionedOn,
        );
        const disbursedOn = addDays(sanctionedOn, 5);
        const loanId = id('loan:main');
        const { schedule } = await cmd.run<{ schedule: PaiseInstallment[] }>(
          'receive-external-loan',
          'bank-linkage:main',
          {
            kind: 'term-loan',
            loanId,
            shgId: g.id,
            date: disbursedOn,
            lender: 'bank',
            lenderName: `${g.bank.name}, ${g.bank.branch}`,
            reference: `SHG-TL/${disbursedOn.slice(0, 4)}/BL-${String(g.index + 1).padStart(4, '0')}`,
            annualRatePercent: '10.5',
            into: 'bank',
            purpose: 'bank linkage, 1st dose',
            amountPaise: 1.5 * LAKH,
            repayments: 6,
            every: 1,
            unit: 'months',
            applicationId,
          },
          disbursedOn,
        );
        // Every instalment paid at the bank on its due date (on the day before if the group meets that day).
        const meetingDays = new Set(g.calendar);
        let lastPaid: string | null = null;
        for (const inst of schedule) {
          if (compareDates(inst.dueOn, end) > 0) break;
          let day = inst.dueOn;
          while (meetingDays.has(day)) day = addDays(day, -1);
          await cmd.run(
            'record-meeting',
            `bank-linkage:instalment:${inst.n}`,
            {
              meetingId: id(`instalment:${inst.n}`),
              shgId: g.id,
              date: day,
              externalLoanRepayments: [{ externalLoanId: loanId, principalPaise: inst.principalPaise, interestPaise: inst.interestPaise, via: 'bank' }],
              minutes: `Bank loan instalment ${inst.n} paid at the branch.`,
            },
            day,
          );
          lastPaid = day;
        }
        // The bank credits the subvention for each quarter that has ended, ten days after it ends.
        if (lastPaid && hasCommand('record-subvention-credit')) {
          const ruleSets = await loadRuleSets(db, (await db.selectFrom('node').select('organisation_id').where('id', '=', g.id).executeTakeFirstOrThrow()).organisation_id);
          const month = Number(disbursedOn.slice(5, 7));
          let quarterStart = `${disbursedOn.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
          for (;;) {
            const quarterEnd = addDays(addMonths(quarterStart, 3), -1);
            const creditedOn = addDays(quarterEnd, 10);
            if (compareDates(creditedOn, end) > 0) break;
            const from = later(quarterStart, disbursedOn);
            const [loan] = await loadBankLoans(db, [g.id], creditedOn, { loanIds: [loanId] });
            const figures = subventionForPeriod(loan!, ruleSets, from, quarterEnd, creditedOn);
            if (figures.claimablePaise > 0) {
              await cmd.run(
                'record-subvention-credit',
                `bank-linkage:subvention:${quarterStart}`,
                { id: id(`subvention:${quarterStart}`), loanId, periodFrom: from, periodTo: quarterEnd, date: creditedOn, amountPaise: figures.claimablePaise },
                creditedOn,
              );
            }
            quarterStart = addMonths(quarterStart, 3);
          }
        }
      }
    }

    // -- Pendency: rejected (long ago), undecided (about 45 days), sanctioned and waiting (about 3 weeks).
    const others = [
      { key: 'rejected', days: 80, amount: 2 * LAKH, product: 'term-loan' as const },
      { key: 'undecided', days: 45, amount: 1.5 * LAKH, product: 'cash-credit' as const },
      { key: 'waiting', days: 20, amount: 1.5 * LAKH, product: 'term-loan' as const },
    ];
    for (const [i, o] of others.entries()) {
      const date = addDays(end, -o.days);
      let g: Group | undefined;
      for (let k = 0; k < pendingGroups.length && !g; k++) {
        const candidate = pendingGroups[(i + k) % pendingGroups.length]!;
        if (compareDates(date, await openFrom(db, candidate)) >= 0) g = candidate;
      }
      if (!g) continue;
      const applicationId = id(`application:${o.key}`);
      await cmd.run(
        'submit-loan-application',
        o.key,
        { id: applicationId, shgId: g.id, bankName: g.bank.name, branchName: g.bank.branch, product: o.product, amountRequestedPaise: o.amount, purpose: 'members\' livelihoods', date },
        date,
      );
      const manager = await commandsOf('manager.baruipur');
      if (o.key === 'rejected') {
        const decided = addDays(date, 18);
        await manager.run('record-bank-decision', o.key, { applicationId, decision: 'rejected', date: decided, reason: 'The bank asks for six more months of regular savings and an up-to-date cash book.' }, decided);
      } else if (o.key === 'waiting') {
        const decided = addDays(date, 9);
        await manager.run(
          'record-bank-decision',
          o.key,
          { applicationId, decision: 'sanctioned', date: decided, sanctionedPaise: o.amount, annualRatePercent: '11', termMonths: 24, overrideReason: 'Sanction within the bank’s own assessment of the Micro Credit Plan' },
          decided,
        );
      }
    }
  },
};
