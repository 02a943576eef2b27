/**
 * A new loan's terms (the group's loan products, or terms agreed at the meeting) and what she will owe, shown before
 * the meeting is saved: for a flexible loan the first months' interest, for a scheduled one the whole schedule —
 * computed by core (the server's own engine).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, addMonths } from '@khata/core/dates';
import { flexiblePeriodInterest, loanTermsSchema, scheduleFor, type FlexibleLoanTerms, type LoanTerms } from '@khata/core/loans';
import type { MeetingPayload } from '@khata/core/meeting';
import { Money, useFmt } from '../../components/common.tsx';
import { fieldLabel } from '../../labels.ts';
import type { LoanProduct } from '../model.ts';

export type TermsInput = NonNullable<MeetingPayload['disbursements']>[number]['terms'];

const CUSTOM = '';
const FLEXIBLE_DEFAULT: TermsInput = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };
const SCHEDULED_DEFAULT: TermsInput = { kind: 'scheduled', annualRatePercent: '24', interestMethod: 'flat', amortization: 'equal-installments', repayments: 12, unit: 'months' };

export function TermsEditor({
  products,
  productId,
  terms,
  onChange,
  problems,
}: {
  products: LoanProduct[];
  productId: string | null;
  terms: TermsInput;
  onChange: (productId: string | null, terms: TermsInput) => void;
  problems?: string[] | undefined;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const custom = productId === null;
  return (
    <div className="f-terms">
      <div className="field">
        <label htmlFor={`${uid}-product`}>{t('fieldApp.loan.product')}</label>
        <select
          id={`${uid}-product`}
          value={productId ?? CUSTOM}
          onChange={(e) => {
            const p = products.find((x) => x.id === e.target.value);
            if (p) onChange(p.id, p.terms as TermsInput);
            else onChange(null, terms);
          }}
        >
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          <option value={CUSTOM}>{t('fieldApp.loan.custom')}</option>
        </select>
      </div>
      {custom && (
        <div className="f-grid">
          <div className="field">
            <label htmlFor={`${uid}-kind`}>{t('column.loanKind')}</label>
            <select id={`${uid}-kind`} value={terms.kind} onChange={(e) => onChange(null, e.target.value === 'scheduled' ? SCHEDULED_DEFAULT : FLEXIBLE_DEFAULT)}>
              <option value="flexible">{t('loanKind.flexible')}</option>
              <option value="scheduled">{t('loanKind.scheduled')}</option>
            </select>
          </div>
          {terms.kind === 'flexible' ? (
            <>
              <div className="field">
                <label htmlFor={`${uid}-rate`}>{t('fieldApp.loan.ratePerMonth')}</label>
                <input id={`${uid}-rate`} inputMode="decimal" value={terms.ratePercentPerMonth} onChange={(e) => onChange(null, { ...terms, ratePercentPerMonth: e.target.value.trim() })} />
              </div>
              <div className="field">
                <label htmlFor={`${uid}-period`}>{t('fieldApp.loan.period')}</label>
                <select id={`${uid}-period`} value={terms.period} onChange={(e) => onChange(null, { ...terms, period: e.target.value as FlexibleLoanTerms['period'] })}>
                  <option value="weekly">{t('frequency.weekly')}</option>
                  <option value="fortnightly">{t('frequency.fortnightly')}</option>
                  <option value="monthly">{t('frequency.monthly')}</option>
                </select>
              </div>
            </>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${uid}-annual`}>{t('fieldApp.loan.ratePerYear')}</label>
                <input id={`${uid}-annual`} inputMode="decimal" value={terms.annualRatePercent} onChange={(e) => onChange(null, { ...terms, annualRatePercent: e.target.value.trim() })} />
              </div>
              <div className="field">
                <label htmlFor={`${uid}-method`}>{t('fieldApp.loan.method')}</label>
                <select id={`${uid}-method`} value={terms.interestMethod} onChange={(e) => onChange(null, { ...terms, interestMethod: e.target.value as 'flat' | 'declining' })}>
                  <option value="flat">{t('fieldApp.loan.flat')}</option>
                  <option value="declining">{t('fieldApp.loan.declining')}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${uid}-n`}>{t('fieldApp.loan.installments')}</label>
                <input id={`${uid}-n`} inputMode="numeric" value={String(terms.repayments)} onChange={(e) => onChange(null, { ...terms, repayments: Number(e.target.value.replace(/\D/g, '')) || 0 })} />
              </div>
              <div className="field">
                <label htmlFor={`${uid}-unit`}>{t('fieldApp.loan.every')}</label>
                <select id={`${uid}-unit`} value={terms.unit} onChange={(e) => onChange(null, { ...terms, unit: e.target.value as 'weeks' | 'months' })}>
                  <option value="weeks">{t('fieldApp.loan.week')}</option>
                  <option value="months">{t('fieldApp.loan.month')}</option>
                </select>
              </div>
            </>
          )}
        </div>
      )}
      {problems?.length ? (
        <p className="f-problem" role="alert" data-problem="true">
          {problems.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

const FLEX_ROWS = 3;

/** What she will owe, before anything is saved. */
export function LoanPreview({ principalPaise, disbursedOn, terms }: { principalPaise: number; disbursedOn: string; terms: TermsInput }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (principalPaise <= 0) return null;
  const parsed = loanTermsSchema.safeParse(terms);
  if (!parsed.success) {
    return (
      <p className="f-problem" data-testid="loan-preview-problem">
        {parsed.error.issues.map((i) => t('error.withField', { field: fieldLabel(t, i.path.map(String).join('.') || 'terms'), error: t('error.INVALID_LOAN_TERMS') })).join(' ')}
      </p>
    );
  }
  const full: LoanTerms = parsed.data as LoanTerms;
  if (full.kind === 'flexible') {
    const rows: { dueOn: string; interestPaise: number; balancePaise: number }[] = [];
    let balance = principalPaise;
    for (let k = 1; k <= FLEX_ROWS; k++) {
      const dueOn = full.period === 'monthly' ? addMonths(disbursedOn, k) : addDays(disbursedOn, k * (full.period === 'weekly' ? 7 : 14));
      const interestPaise = flexiblePeriodInterest(full, balance);
      balance = Math.max(0, balance - (full.agreedPrincipalPaise ?? 0));
      rows.push({ dueOn, interestPaise, balancePaise: balance });
    }
    return (
      <div className="f-preview" data-testid="loan-preview">
        <p>{t('fieldApp.loan.flexiblePreview', { rate: fmt.digits(full.ratePercentPerMonth), period: t(`frequency.${full.period}`) })}</p>
        <table className="f-table">
          <thead>
            <tr>
              <th scope="col">{t('column.dueDate')}</th>
              <th scope="col" className="num">
                {t('column.interest')}
              </th>
              <th scope="col" className="num">
                {t('column.outstanding')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.dueOn}>
                <td>{fmt.date(r.dueOn)}</td>
                <td className="num">
                  <Money paise={r.interestPaise} />
                </td>
                <td className="num">
                  <Money paise={r.balancePaise} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const schedule = scheduleFor({ id: 'preview', memberId: 'preview', principalPaise, disbursedOn, terms: full }, 'terms.');
  if (!schedule.ok || !schedule.value) {
    return (
      <p className="f-problem" data-testid="loan-preview-problem">
        {(schedule.ok ? [] : schedule.problems).map((p) => t('error.withField', { field: fieldLabel(t, p.field ?? 'terms'), error: t(`error.${p.code}`) })).join(' ')}
      </p>
    );
  }
  const total = schedule.value.reduce((s, r) => s + r.totalPaise, 0);
  const interest = schedule.value.reduce((s, r) => s + r.interestPaise, 0);
  return (
    <div className="f-preview" data-testid="loan-preview">
      <p>{t('fieldApp.loan.schedulePreview', { n: fmt.number(schedule.value.length), total: fmt.money(total), interest: fmt.money(interest) })}</p>
      <div className="table-wrap">
        <table className="f-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('column.dueDate')}</th>
              <th scope="col" className="num">
                {t('column.principal')}
              </th>
              <th scope="col" className="num">
                {t('column.interest')}
              </th>
              <th scope="col" className="num">
                {t('column.installment')}
              </th>
              <th scope="col" className="num">
                {t('column.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {schedule.value.map((r) => (
              <tr key={r.n}>
                <td>{fmt.number(r.n)}</td>
                <td>{fmt.date(r.dueOn)}</td>
                <td className="num">
                  <Money paise={r.principalPaise} />
                </td>
                <td className="num">
                  <Money paise={r.interestPaise} />
                </td>
                <td className="num">
                  <Money paise={r.totalPaise} />
                </td>
                <td className="num">
                  <Money paise={r.balancePaise} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
