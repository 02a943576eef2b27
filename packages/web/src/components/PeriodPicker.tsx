import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportPeriod } from '../reports.ts';
import type { RouteParams } from '../router.ts';
import { useFmt } from './common.tsx';

/**
 * From–to dates or one as-of date. Starts from what the address says, else from what the server used, and on
 * "Show" hands the new dates back (the screen puts them into the address, so a report can be bookmarked).
 */
export function PeriodPicker({
  period,
  value,
  onChange,
}: {
  period: ReportPeriod;
  value: RouteParams;
  onChange: (params: RouteParams) => void;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const [asOf, setAsOf] = useState(value.asOf ?? '');
  useEffect(() => {
    setFrom(value.from ?? '');
    setTo(value.to ?? '');
    setAsOf(value.asOf ?? '');
  }, [value.from, value.to, value.asOf]);
  const invalid = period === 'range' && from !== '' && to !== '' && from > to;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid) return;
    onChange(period === 'range' ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : asOf ? { asOf } : {});
  }

  return (
    <form className="period-picker no-print" onSubmit={submit}>
      {period === 'range' ? (
        <>
          <div className="field">
            <label htmlFor="period-from">{t('period.from')}</label>
            <input id="period-from" type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="period-to">{t('period.to')}</label>
            <input
              id="period-to"
              type="date"
              value={to}
              min={from || undefined}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? 'period-error' : undefined}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="period-as-of">{t('period.asOf')}</label>
          <input id="period-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
      )}
      <button type="submit" className="primary" disabled={invalid}>
        {t('period.show')}
      </button>
      {invalid && (
        <p id="period-error" className="error-inline" role="alert">
          {t('period.fromAfterTo')}
        </p>
      )}
    </form>
  );
}

/** The period a report covers, in words ("1 Apr 2024 – 31 Mar 2025" / "As of 31 Mar 2025"). */
export function PeriodText({ params, period }: { params: Record<string, unknown>; period: ReportPeriod }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const from = str(params.from);
  const to = str(params.to);
  const asOf = str(params.asOf);
  let text: string | undefined;
  if (period === 'asOf' && asOf) text = t('period.asOfDate', { date: fmt.date(asOf) });
  else if (from && to) text = t('period.fromTo', { from: fmt.date(from), to: fmt.date(to) });
  else if (from) text = t('period.fromOnly', { from: fmt.date(from) });
  else if (to) text = t('period.upTo', { to: fmt.date(to) });
  else if (asOf) text = t('period.asOfDate', { date: fmt.date(asOf) });
  return text ? <p className="period">{text}</p> : null;
}
