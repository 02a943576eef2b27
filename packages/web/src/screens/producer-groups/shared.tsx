import { useTranslation } from 'react-i18next';
import type { StockUnit } from '../../api/producer-groups.ts';
import { useFmt } from '../../components/common.tsx';

export { useSubmit, FormOutcome as Outcome, Downloads, Field, rupeesToPaise } from '../../components/forms.tsx';

/**
 * What the grain-bank and producer-group screens share: a form's sending state, CSV/XLSX links of a list, and
 * quantities typed and shown in kilograms, litres or pieces while the server keeps grams, millilitres, pieces.
 */

/** "12.5" kg (or litres) → 12500 g (ml); pieces as typed. NaN when it is not a number with at most 3 decimals. */
export function toSmallest(text: string, unit: StockUnit): number {
  const s = text.trim();
  if (unit === 'unit') return /^\d+$/.test(s) ? Number(s) : Number.NaN;
  const m = /^(\d+)(?:[.,](\d{1,3}))?$/.exec(s);
  if (!m) return Number.NaN;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0') || '0');
}

/** A quantity in the measure people use: 12,500 g → "12.5 kg", 1,500 ml → "1.5 l", 7 pieces → "7 pcs". */
export function Qty({ value, unit = 'g' }: { value: number | null | undefined; unit?: StockUnit }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (value === null || value === undefined) return <>—</>;
  const n = unit === 'unit' ? value : value / 1000;
  return <span title={`${value} ${unit}`}>{t(`unit.${unit}`, { n: fmt.number(n) })}</span>;
}

export const today = () => new Date().toISOString().slice(0, 10);
