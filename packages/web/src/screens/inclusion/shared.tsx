import type { TFunction } from 'i18next';
import { humanize, valueLabel } from '../../labels.ts';

export { Downloads, ImportErrors } from '../../components/forms.tsx';

export const categoryLabel = (t: TFunction, code: string) => valueLabel(t, 'category', code);
export const categoriesText = (t: TFunction, codes: readonly string[]) => (codes.length ? codes.map((c) => categoryLabel(t, c)).join(', ') : '—');
export const indicatorLabel = (t: TFunction, code: string, label?: string) => t(`socialIndicator.${code}`, { defaultValue: label ?? humanize(code) });
export const indicatorSetLabel = (t: TFunction, code: string | null) => (code ? t(`indicatorSet.${code}`, { defaultValue: humanize(code) }) : '—');
