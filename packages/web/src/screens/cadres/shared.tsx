import type { TFunction } from 'i18next';
import { rupeesToPaise as toPaise } from '../../components/forms.tsx';
import { valueLabel } from '../../labels.ts';

export { useSubmit, FormOutcome, Downloads, ImportErrors } from '../../components/forms.tsx';

/** Rupees typed by a person → paise; an empty box is zero here (the cadre forms' amounts are optional). */
export const rupeesToPaise = (text: string): number => toPaise(text, 0);

export const cadreTypeLabel = (t: TFunction, code: string, name?: string | null) => (name ? name : valueLabel(t, 'cadreType', code));
