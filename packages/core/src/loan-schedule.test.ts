import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { cmp, dec, eq, sub, sum, RATIONAL_ZERO } from './decimal.ts';
import { computeSchedule, scheduleInPaise, type LoanScheduleTerms, type ScheduleOutput } from './loan-schedule.ts';

// Three worked cases from Apache Fineract's own tests (a copy of shared/reference/loan-schedules.json, kept in the
// repo so that the suite runs from any clone).
const referencePath = fileURLToPath(new URL('./testdata/loan-schedules.fineract.json', import.meta.url));
interface ReferenceCase {
  id: string;
  input: Record<string, unknown>;
  expected: { installments: { n: number; dueOn: string; principal: string; interest: string; total: string }[] };
}
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as { cases: ReferenceCase[] };

function schedule(input: Record<string, unknown>): ScheduleOutput {
  const result = computeSchedule(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** Rows as [dueOn, principal, interest, total, balance] for compact expectations. */
function rows(out: ScheduleOutput): [string, string, string, string, string][] {
  return out.installments.map((r) => [r.dueOn, r.principal, r.interest, r.total, r.balance]);
}

const base = {
  principal: '12000.00',
  annualRatePercent: '24',
  interestMethod: 'declining',
  amortization: 'equal-installments',
  repayments: 4,
  unit: 'months',
  disbursedOn: '2011-09-20',
};

describe('loan schedule: Fineract reference cases', () => {
  it('has the three reference cases', () => expect(reference.cases).toHaveLength(3));
  for (const c of reference.cases) {
    it(c.id, () => {
      const out = schedule(c.input);
      expect(out.installments.map(({ balance: _balance, ...rest }) => rest)).toEqual(c.expected.installments);
    });
  }
  it('FIN-01 also gives balances and totals', () => {
    const out = schedule(reference.cases[0]!.input);
    expect(out.installments.map((r) => r.balance)).toEqual(['9088.51', '6118.79', '3089.68', '0.00']);
    // interest 240.00 + 181.77 + 122.38 + 61.79 = 605.94
    expect(out.totals).toEqual({ principal: '12000.00', interest: '605.94', total: '12605.94' });
  });
});

describe('loan schedule: defaults', () => {
  it('fills every optional field with the contract default', () => {
    // base omits every, interestPeriod, daysInYear, firstRepaymentOn, graces, decimals and multiples: same as FIN-01
    const full = schedule(reference.cases[0]!.input);
    expect(schedule(base)).toEqual(full);
  });
  it('accepts JSON numbers for decimals-as-strings and ignores unknown keys', () => {
    expect(schedule({ ...base, principal: 12000, annualRatePercent: 24, note: 'ignored' })).toEqual(schedule(base));
  });
});

describe('loan schedule: SHG weekly and fortnightly loans', () => {
  it('weekly flat loan', () => {
    // weekly rate = 26% / 52 = 0.5%; total interest = 10000 x 0.005 x 10 = 500.00; 50.00 per installment;
    // each total = 10000/10 + 50 = 1050.00. Disbursed Monday 2024-01-01, due every Monday after.
    const out = schedule({ ...base, principal: '10000', annualRatePercent: '26', interestMethod: 'flat', repayments: 10, unit: 'weeks', disbursedOn: '2024-01-01' });
    expect(out.installments).toHaveLength(10);
    expect(rows(out)[0]).toEqual(['2024-01-08', '1000.00', '50.00', '1050.00', '9000.00']);
    expect(rows(out)[9]).toEqual(['2024-03-11', '1000.00', '50.00', '1050.00', '0.00']);
    expect(out.totals).toEqual({ principal: '10000.00', interest: '500.00', total: '10500.00' });
  });
  it('fortnightly (every 2 weeks) declining loan', () => {
    // rate = 26% x 2 / 52 = 1% per fortnight; PMT = 10000 x 0.01 x 1.01^4 / (1.01^4 - 1) = 2562.8109 -> 2562.81
    // 1: interest 10000 x 1% = 100.00, principal 2462.81, balance 7537.19
    // 2: 75.3719 -> 75.37, principal 2487.44, balance 5049.75
    // 3: 50.4975 -> 50.50, principal 2512.31, balance 2537.44
    // 4: 25.3744 -> 25.37, principal clears 2537.44, total 2562.81
    const out = schedule({ ...base, principal: '10000', annualRatePercent: '26', repayments: 4, every: 2, unit: 'weeks', disbursedOn: '2024-01-01' });
    expect(rows(out)).toEqual([
      ['2024-01-15', '2462.81', '100.00', '2562.81', '7537.19'],
      ['2024-01-29', '2487.44', '75.37', '2562.81', '5049.75'],
      ['2024-02-12', '2512.31', '50.50', '2562.81', '2537.44'],
      ['2024-02-26', '2537.44', '25.37', '2562.81', '0.00'],
    ]);
  });
});

describe('loan schedule: daily interest period', () => {
  it('charges the actual days of each period (actual = 365)', () => {
    // 10% a year on 36500 = 10.00 a day. Equal principal 36500/3 = 12166.67 (last 12166.66).
    // 2024-01-15 -> 02-15: 31 days: 36500 x 0.10 x 31/365 = 310.00
    // 02-15 -> 03-15: 29 days (leap year): 24333.33 x 0.10 x 29/365 = 193.3333 -> 193.33
    // 03-15 -> 04-15: 31 days: 12166.66 x 0.10 x 31/365 = 103.3333 -> 103.33
    const out = schedule({ ...base, principal: '36500', annualRatePercent: '10', amortization: 'equal-principal', repayments: 3, interestPeriod: 'daily', disbursedOn: '2024-01-15' });
    expect(rows(out)).toEqual([
      ['2024-02-15', '12166.67', '310.00', '12476.67', '24333.33'],
      ['2024-03-15', '12166.67', '193.33', '12360.00', '12166.66'],
      ['2024-04-15', '12166.66', '103.33', '12269.99', '0.00'],
    ]);
  });
  it('computes the equal installment on a 30-day month, interest on actual days', () => {
    // PMT rate = 12% x 30/365; PMT over 2 = 18520.4417 -> 18520.44
    // 2023-01-31 -> 02-28 (month-end clamp): 28 days: 36500 x 0.12 x 28/365 = 336.00; principal 18184.44; balance 18315.56
    // 02-28 -> 03-31: 31 days: 18315.56 x 0.12 x 31/365 = 186.668 -> 186.67; last clears 18315.56
    const out = schedule({ ...base, principal: '36500', annualRatePercent: '12', repayments: 2, interestPeriod: 'daily', daysInYear: 365, disbursedOn: '2023-01-31' });
    expect(rows(out)).toEqual([
      ['2023-02-28', '18184.44', '336.00', '18520.44', '18315.56'],
      ['2023-03-31', '18315.56', '186.67', '18502.23', '0.00'],
    ]);
  });
  it('uses a 360-day year when asked', () => {
    // 36% a year / 360 = 0.1% a day on 10000 = 10.00 a day; 2023-03-01 -> 03-31 = 30 days = 300.00
    const out = schedule({ ...base, principal: '10000', annualRatePercent: '36', repayments: 1, every: 30, unit: 'days', interestPeriod: 'daily', daysInYear: 360, disbursedOn: '2023-03-01' });
    expect(rows(out)).toEqual([['2023-03-31', '10000.00', '300.00', '10300.00', '0.00']]);
  });
});

describe('loan schedule: days in year for day-based repayment periods', () => {
  // Flat, 2 repayments every 30 days at 36%: total interest = 36000 x 0.36 x 30/diy x 2 = 777600/diy.
  const flatDays = (daysInYear: unknown) =>
    schedule({ ...base, principal: '36000', annualRatePercent: '36', interestMethod: 'flat', repayments: 2, every: 30, unit: 'days', daysInYear, disbursedOn: '2023-01-01' });
  it('360: 777600/360 = 2160.00, 1080.00 each', () => {
    const out = flatDays(360);
    expect(out.installments.map((r) => r.interest)).toEqual(['1080.00', '1080.00']);
    expect(out.installments.map((r) => r.dueOn)).toEqual(['2023-01-31', '2023-03-02']);
  });
  it('364: 777600/364 = 2136.2637 -> 2136.26, 1068.13 each', () => {
    expect(flatDays(364).installments.map((r) => r.interest)).toEqual(['1068.13', '1068.13']);
  });
  it('365 and actual: 777600/365 = 2130.4110 -> 2130.41; 1065.205 is a tie -> 1065.20, last takes 1065.21', () => {
    expect(flatDays(365).installments.map((r) => r.interest)).toEqual(['1065.20', '1065.21']);
    expect(flatDays('actual')).toEqual(flatDays(365));
  });
});

describe('loan schedule: grace', () => {
  it('graceOnPrincipal: interest only, then PMT over the remaining periods', () => {
    // 1: interest-only 12000 x 2% = 240.00
    // PMT over 3 at 2% = 12000 x 0.02 x 1.02^3 / (1.02^3 - 1) = 4161.0561 -> 4161.06
    // 2: 240.00 / 3921.06 / bal 8078.94; 3: 161.5788 -> 161.58 / 3999.48 / bal 4079.46; 4: 81.5892 -> 81.59, clears 4079.46
    const out = schedule({ ...base, graceOnPrincipal: 1 });
    expect(rows(out)).toEqual([
      ['2011-10-20', '0.00', '240.00', '240.00', '12000.00'],
      ['2011-11-20', '3921.06', '240.00', '4161.06', '8078.94'],
      ['2011-12-20', '3999.48', '161.58', '4161.06', '4079.46'],
      ['2012-01-20', '4079.46', '81.59', '4161.05', '0.00'],
    ]);
  });
  it('graceOnPrincipal with equal principal: 12000 / 3 = 4000.00 after 2 interest-only months', () => {
    // 1% a month: 120.00, 120.00, then 120.00, 80.00, 40.00 on 12000, 12000, 12000, 8000, 4000
    const out = schedule({ ...base, annualRatePercent: '12', amortization: 'equal-principal', repayments: 5, graceOnPrincipal: 2 });
    expect(out.installments.map((r) => [r.principal, r.interest])).toEqual([
      ['0.00', '120.00'],
      ['0.00', '120.00'],
      ['4000.00', '120.00'],
      ['4000.00', '80.00'],
      ['4000.00', '40.00'],
    ]);
  });
  it('graceOnInterest (declining): no interest collected in grace, accrued interest collected next', () => {
    // installment 3151.49 (as FIN-01). 1: accrued 240.00 deferred; the whole installment is principal (as Fineract);
    // bal 8848.51. 2: 8848.51 x 2% = 176.9702 -> 176.97, collects 240.00 + 176.97 = 416.97, principal 2734.52, bal 6113.99.
    // 3: 122.2798 -> 122.28, principal 3029.21, bal 3084.78. 4: 61.6956 -> 61.70, clears 3084.78.
    const out = schedule({ ...base, graceOnInterest: 1 });
    expect(rows(out)).toEqual([
      ['2011-10-20', '3151.49', '0.00', '3151.49', '8848.51'],
      ['2011-11-20', '2734.52', '416.97', '3151.49', '6113.99'],
      ['2011-12-20', '3029.21', '122.28', '3151.49', '3084.78'],
      ['2012-01-20', '3084.78', '61.70', '3146.48', '0.00'],
    ]);
  });
  it('graceOnInterest with graceOnPrincipal: nothing due in grace, interest lump afterwards', () => {
    // 1% a month, equal principal over 2: 6000.00. 1: accrued 120.00, nothing collected.
    // 2: 120.00 + 120.00 = 240.00 with 6000.00. 3: 60.00 with 6000.00.
    const out = schedule({ ...base, annualRatePercent: '12', amortization: 'equal-principal', repayments: 3, graceOnPrincipal: 1, graceOnInterest: 1 });
    expect(out.installments.map((r) => [r.principal, r.interest, r.total])).toEqual([
      ['0.00', '0.00', '0.00'],
      ['6000.00', '240.00', '6240.00'],
      ['6000.00', '60.00', '6060.00'],
    ]);
  });
  it('graceOnInterest (flat): the grace installments\' interest comes with the first after', () => {
    // total interest 1200 x 1% x 4 = 48.00, 12.00 each; 1-2: none; 3: 3 x 12.00 = 36.00; 4: remainder 12.00.
    // totals: 300 + 0 = 300.00, 300.00, 300 + 36 = 336.00, 300 + 12 = 312.00
    const out = schedule({ ...base, principal: '1200', annualRatePercent: '12', interestMethod: 'flat', graceOnInterest: 2 });
    expect(out.installments.map((r) => [r.principal, r.interest, r.total])).toEqual([
      ['300.00', '0.00', '300.00'],
      ['300.00', '0.00', '300.00'],
      ['300.00', '36.00', '336.00'],
      ['300.00', '12.00', '312.00'],
    ]);
  });
});

describe('loan schedule: rounding to multiples', () => {
  it('currencyMultipleOf "1" rounds every amount to whole rupees', () => {
    // PMT 3151.485 -> 3151; 1: 240 / 2911 / 9089; 2: 181.78 -> 182 / 2969 / 6120; 3: 122.40 -> 122 / 3029 / 3091;
    // 4: 61.82 -> 62, clears 3091, total 3153
    const out = schedule({ ...base, currencyMultipleOf: '1' });
    expect(rows(out)).toEqual([
      ['2011-10-20', '2911.00', '240.00', '3151.00', '9089.00'],
      ['2011-11-20', '2969.00', '182.00', '3151.00', '6120.00'],
      ['2011-12-20', '3029.00', '122.00', '3151.00', '3091.00'],
      ['2012-01-20', '3091.00', '62.00', '3153.00', '0.00'],
    ]);
  });
  it('currencyMultipleOf with decimals 0 prints whole numbers', () => {
    const out = schedule({ ...base, principal: '12000', decimals: 0, currencyMultipleOf: '1' });
    expect(out.installments[0]).toMatchObject({ principal: '2911', interest: '240', total: '3151', balance: '9089' });
  });
  it('installmentMultipleOf "10" rounds the installment only', () => {
    // PMT 3151.485 -> 3150.00; 1: 240.00 / 2910.00 / 9090.00; 2: 181.80 / 2968.20 / 6121.80;
    // 3: 122.436 -> 122.44 / 3027.56 / 3094.24; 4: 61.8848 -> 61.88, clears 3094.24, total 3156.12
    const out = schedule({ ...base, installmentMultipleOf: '10' });
    expect(rows(out)).toEqual([
      ['2011-10-20', '2910.00', '240.00', '3150.00', '9090.00'],
      ['2011-11-20', '2968.20', '181.80', '3150.00', '6121.80'],
      ['2011-12-20', '3027.56', '122.44', '3150.00', '3094.24'],
      ['2012-01-20', '3094.24', '61.88', '3156.12', '0.00'],
    ]);
  });
  it('currencyMultipleOf "0.05" rounds to 5 paise', () => {
    // FIN-01 interest 181.7702 -> 181.75, and PMT 3151.485 -> 3151.50
    const out = schedule({ ...base, currencyMultipleOf: '0.05' });
    expect(out.installments[0]).toMatchObject({ principal: '2911.50', interest: '240.00', total: '3151.50' });
    expect(out.installments[1]).toMatchObject({ interest: '181.75' }); // 9088.50 x 2% = 181.77 -> 181.75
  });
});

describe('loan schedule: flat and edge cases', () => {
  it('flat with equal installments (no multiple): 1000 over 3 at 12%', () => {
    // total interest 1000 x 1% x 3 = 30.00, 10.00 each; total = 333.333 + 10 = 343.33 -> principal 333.33;
    // last principal 1000 - 666.66 = 333.34, total 343.34
    const out = schedule({ ...base, principal: '1000', annualRatePercent: '12', interestMethod: 'flat', repayments: 3 });
    expect(out.installments.map((r) => [r.principal, r.interest, r.total])).toEqual([
      ['333.33', '10.00', '343.33'],
      ['333.33', '10.00', '343.33'],
      ['333.34', '10.00', '343.34'],
    ]);
  });
  it('flat with equal principal: same interest, principal 1000/3 rounded', () => {
    const out = schedule({ ...base, principal: '1000', annualRatePercent: '12', interestMethod: 'flat', amortization: 'equal-principal', repayments: 3 });
    expect(out.installments.map((r) => r.principal)).toEqual(['333.33', '333.33', '333.34']);
    expect(out.totals.interest).toBe('30.00');
  });
  it('zero interest rate: principal only, 1000/3 = 333.33, last 333.34', () => {
    for (const interestMethod of ['declining', 'flat']) {
      const out = schedule({ ...base, principal: '1000', annualRatePercent: '0', interestMethod, repayments: 3 });
      expect(out.installments.map((r) => [r.principal, r.interest])).toEqual([
        ['333.33', '0.00'],
        ['333.33', '0.00'],
        ['333.34', '0.00'],
      ]);
    }
  });
  it('one repayment: everything at once (1000 + 1% = 1010.00)', () => {
    for (const interestMethod of ['declining', 'flat']) {
      const out = schedule({ ...base, principal: '1000', annualRatePercent: '12', interestMethod, repayments: 1 });
      expect(rows(out)).toEqual([['2011-10-20', '1000.00', '10.00', '1010.00', '0.00']]);
    }
  });
  it('firstRepaymentOn fixes the first due date; later dates keep its day of month', () => {
    const out = schedule({ ...base, disbursedOn: '2024-01-10', firstRepaymentOn: '2024-01-31' });
    expect(out.installments.map((r) => r.dueOn)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    const weekly = schedule({ ...base, unit: 'weeks', every: 2, disbursedOn: '2024-01-10', firstRepaymentOn: '2024-01-20' });
    expect(weekly.installments.map((r) => r.dueOn)).toEqual(['2024-01-20', '2024-02-03', '2024-02-17', '2024-03-02']);
  });
  it('monthly due dates keep the disbursement day-of-month anchor', () => {
    const out = schedule({ ...base, disbursedOn: '2023-01-31', every: 1 });
    expect(out.installments.map((r) => r.dueOn)).toEqual(['2023-02-28', '2023-03-31', '2023-04-30', '2023-05-31']);
    const quarterly = schedule({ ...base, disbursedOn: '2023-11-30', every: 3 });
    expect(quarterly.installments.map((r) => r.dueOn)).toEqual(['2024-02-29', '2024-05-30', '2024-08-30', '2024-11-30']);
  });
  it('600 monthly repayments compute exactly and quickly', () => {
    const out = schedule({ ...base, principal: '1000000', annualRatePercent: '13.75', repayments: 600 });
    expect(out.installments).toHaveLength(600);
    expect(out.totals.principal).toBe('1000000.00');
    expect(out.installments[599]!.balance).toBe('0.00');
  });
});

describe('loan schedule: invalid input names the field', () => {
  const fieldOf = (input: unknown) => {
    const r = computeSchedule(input);
    return r.ok ? [] : r.problems.map((p) => p.field);
  };
  const cases: [string, Record<string, unknown>, string][] = [
    ['principal', { principal: '0' }, 'principal'],
    ['principal', { principal: '-5' }, 'principal'],
    ['principal', { principal: '1,000' }, 'principal'],
    ['principal', { principal: '12.345' }, 'principal'],
    ['principal', { principal: '1e3' }, 'principal'],
    ['annualRatePercent', { annualRatePercent: '100.01' }, 'annualRatePercent'],
    ['annualRatePercent', { annualRatePercent: '-1' }, 'annualRatePercent'],
    ['interestMethod', { interestMethod: 'simple' }, 'interestMethod'],
    ['amortization', { amortization: 'balloon' }, 'amortization'],
    ['repayments 0', { repayments: 0 }, 'repayments'],
    ['repayments 601', { repayments: 601 }, 'repayments'],
    ['repayments 2.5', { repayments: 2.5 }, 'repayments'],
    ['repayments "4"', { repayments: '4' }, 'repayments'],
    ['every', { every: 0 }, 'every'],
    ['term over 100 years', { repayments: 600, every: 3 }, 'repayments'],
    ['unit', { unit: 'years' }, 'unit'],
    ['interestPeriod', { interestPeriod: 'monthly' }, 'interestPeriod'],
    ['daysInYear', { daysInYear: 366 }, 'daysInYear'],
    ['disbursedOn', { disbursedOn: '2011-02-29' }, 'disbursedOn'],
    ['disbursedOn', { disbursedOn: '20/09/2011' }, 'disbursedOn'],
    ['firstRepaymentOn', { firstRepaymentOn: '2011-09-20' }, 'firstRepaymentOn'],
    ['graceOnPrincipal', { graceOnPrincipal: 4 }, 'graceOnPrincipal'],
    ['graceOnInterest', { graceOnInterest: -1 }, 'graceOnInterest'],
    ['graceOnInterest', { graceOnInterest: 4 }, 'graceOnInterest'],
    ['decimals', { decimals: 7 }, 'decimals'],
    ['currencyMultipleOf', { currencyMultipleOf: '0' }, 'currencyMultipleOf'],
    ['currencyMultipleOf', { currencyMultipleOf: '0.005' }, 'currencyMultipleOf'],
    ['installmentMultipleOf', { installmentMultipleOf: 'ten' }, 'installmentMultipleOf'],
  ];
  for (const [name, patch, field] of cases) {
    it(`${name}: ${JSON.stringify(patch)}`, () => {
      expect(fieldOf({ ...base, ...patch })).toEqual([field]);
    });
  }
  it('says which required fields are missing, and refuses a non-object', () => {
    const r = computeSchedule({});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.field).sort()).toEqual(['amortization', 'annualRatePercent', 'disbursedOn', 'interestMethod', 'principal', 'repayments', 'unit']);
      expect(r.problems.every((p) => p.code === 'VALIDATION_FAILED' && p.message === 'is required')).toBe(true);
    }
    expect(computeSchedule('{}')).toMatchObject({ ok: false, problems: [{ code: 'VALIDATION_FAILED' }] });
    expect(computeSchedule(null).ok).toBe(false);
  });
});

describe('scheduleInPaise', () => {
  const terms: LoanScheduleTerms = {
    principalPaise: 1_200_000,
    annualRatePercent: '24',
    interestMethod: 'declining',
    amortization: 'equal-installments',
    repayments: 4,
    every: 1,
    unit: 'months',
    interestPeriod: 'same-as-repayment',
    daysInYear: 'actual',
    disbursedOn: '2011-09-20',
    firstRepaymentOn: null,
    graceOnPrincipal: 0,
    graceOnInterest: 0,
    currencyMultipleOf: null,
    installmentMultipleOf: null,
  };
  it('returns FIN-01 in paise', () => {
    const r = scheduleInPaise(terms);
    expect(r).toEqual({
      ok: true,
      value: [
        { n: 1, dueOn: '2011-10-20', principalPaise: 291149, interestPaise: 24000, totalPaise: 315149, balancePaise: 908851 },
        { n: 2, dueOn: '2011-11-20', principalPaise: 296972, interestPaise: 18177, totalPaise: 315149, balancePaise: 611879 },
        { n: 3, dueOn: '2011-12-20', principalPaise: 302911, interestPaise: 12238, totalPaise: 315149, balancePaise: 308968 },
        { n: 4, dueOn: '2012-01-20', principalPaise: 308968, interestPaise: 6179, totalPaise: 315147, balancePaise: 0 },
      ],
    });
  });
  it('rounds to whole rupees with decimals 0', () => {
    const r = scheduleInPaise({ ...terms, decimals: 0 });
    expect(r.ok && r.value[0]).toEqual({ n: 1, dueOn: '2011-10-20', principalPaise: 291100, interestPaise: 24000, totalPaise: 315100, balancePaise: 908900 });
  });
  it('names principalPaise and other fields in problems', () => {
    expect(scheduleInPaise({ ...terms, principalPaise: 0 })).toMatchObject({ ok: false, problems: [{ field: 'principalPaise' }] });
    expect(scheduleInPaise({ ...terms, principalPaise: 12.5 })).toMatchObject({ ok: false, problems: [{ field: 'principalPaise' }] });
    expect(scheduleInPaise({ ...terms, principalPaise: 1_200_050, decimals: 0 })).toMatchObject({ ok: false, problems: [{ field: 'principalPaise' }] });
    expect(scheduleInPaise({ ...terms, principalPaise: 200_000_000_000_000 })).toMatchObject({ ok: false, problems: [{ field: 'principalPaise' }] });
    expect(scheduleInPaise({ ...terms, repayments: 0 })).toMatchObject({ ok: false, problems: [{ field: 'repayments' }] });
    expect(scheduleInPaise({ ...terms, decimals: 3 as 2 })).toMatchObject({ ok: false, problems: [{ field: 'decimals' }] });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties over random valid terms
// ---------------------------------------------------------------------------------------------------------------

function toText(units: number, places: number): string {
  const s = String(units).padStart(places + 1, '0');
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
}

const validTerms = fc
  .record({
    decimals: fc.constantFrom(0, 1, 2, 3),
    repayments: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 61, max: 600 })),
    interestMethod: fc.constantFrom('declining', 'flat'),
    amortization: fc.constantFrom('equal-installments', 'equal-principal'),
    every: fc.integer({ min: 1, max: 4 }),
    unit: fc.constantFrom('days', 'weeks', 'months'),
    interestPeriod: fc.constantFrom('same-as-repayment', 'daily'),
    daysInYear: fc.constantFrom('actual', 360, 364, 365),
    annualRatePercent: fc.oneof(fc.integer({ min: 0, max: 10000 }).map((u) => toText(u, 2)), fc.constantFrom('0', '100', '24', '12.5')),
    dayOffset: fc.integer({ min: 0, max: 20000 }),
    firstAfter: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
    graceP: fc.oneof(fc.constant(0), fc.nat()),
    graceI: fc.oneof(fc.constant(0), fc.nat()),
    currencyMultipleOf: fc.constantFrom(null, null, '1', '5', '10', '0.05', '0.5'),
    installmentMultipleOf: fc.constantFrom(null, null, '1', '10', '100', '0.1'),
    principalUnits: fc.integer({ min: 1, max: 10_000_000_000 }),
  })
  .map((r) => {
    const unitOk = (step: string | null) => (step === null || dec(step).den <= 10n ** BigInt(r.decimals) ? step : null);
    const disbursedOn = addDays('1995-01-01', r.dayOffset);
    return {
      principal: toText(r.principalUnits, r.decimals),
      annualRatePercent: r.annualRatePercent,
      interestMethod: r.interestMethod,
      amortization: r.amortization,
      repayments: r.repayments,
      every: r.unit === 'months' ? Math.min(r.every, Math.floor(1200 / r.repayments)) : r.every, // term <= 100 years
      unit: r.unit,
      interestPeriod: r.interestPeriod,
      daysInYear: r.daysInYear,
      disbursedOn,
      firstRepaymentOn: r.firstAfter === null ? null : addDays(disbursedOn, r.firstAfter),
      graceOnPrincipal: r.graceP % r.repayments,
      graceOnInterest: r.graceI % r.repayments,
      decimals: r.decimals,
      currencyMultipleOf: unitOk(r.currencyMultipleOf),
      installmentMultipleOf: unitOk(r.installmentMultipleOf),
    };
  });

describe('loan schedule: properties', () => {
  it('principal sums exactly, balance runs down to exactly 0, total = principal + interest, nothing negative', () => {
    fc.assert(
      fc.property(validTerms, (input) => {
        const result = computeSchedule(input);
        if (!result.ok) throw new Error(`valid terms refused: ${JSON.stringify(result.problems)} ${JSON.stringify(input)}`);
        const out = result.value;
        const rowsOut = out.installments;
        if (rowsOut.length !== input.repayments) return false;
        let balance = dec(input.principal);
        let previousDue = input.disbursedOn;
        for (const [i, r] of rowsOut.entries()) {
          const p = dec(r.principal);
          const it = dec(r.interest);
          const t = dec(r.total);
          const b = dec(r.balance);
          if (r.n !== i + 1 || !(r.dueOn > previousDue)) return false;
          if (cmp(p, RATIONAL_ZERO) < 0 || cmp(it, RATIONAL_ZERO) < 0 || cmp(t, RATIONAL_ZERO) < 0 || cmp(b, RATIONAL_ZERO) < 0) return false;
          if (!eq(t, sum([p, it]))) return false;
          balance = sub(balance, p);
          if (!eq(b, balance)) return false;
          if (i < input.graceOnPrincipal && !eq(p, RATIONAL_ZERO)) return false;
          if (i < input.graceOnInterest && !eq(it, RATIONAL_ZERO)) return false;
          previousDue = r.dueOn;
        }
        const principals = sum(rowsOut.map((r) => dec(r.principal)));
        return (
          eq(principals, dec(input.principal)) &&
          eq(dec(rowsOut.at(-1)!.balance), RATIONAL_ZERO) &&
          eq(dec(out.totals.principal), dec(input.principal)) &&
          eq(dec(out.totals.total), sum([dec(out.totals.principal), dec(out.totals.interest)])) &&
          eq(dec(out.totals.interest), sum(rowsOut.map((r) => dec(r.interest))))
        );
      }),
      { numRuns: 300 },
    );
  });
  it('scheduleInPaise agrees with computeSchedule at 2 decimals', () => {
    fc.assert(
      fc.property(validTerms, (input) => {
        const { principal, decimals: _decimals, ...rest } = input;
        const amount = dec(principal);
        if (100n % amount.den !== 0n) return true; // not whole paise (3 decimals): not a paise loan
        const a = scheduleInPaise({ ...rest, principalPaise: Number((amount.num * 100n) / amount.den) } as LoanScheduleTerms);
        const b = computeSchedule({ ...input, decimals: 2 });
        if (!a.ok || !b.ok) return false;
        return a.value.every((r, i) => {
          const s = b.value.installments[i]!;
          const toPaise = (x: string) => Number(x.replace('.', ''));
          return r.dueOn === s.dueOn && r.principalPaise === toPaise(s.principal) && r.interestPaise === toPaise(s.interest) && r.totalPaise === toPaise(s.total) && r.balancePaise === toPaise(s.balance);
        });
      }),
      { numRuns: 100 },
    );
  });
});
