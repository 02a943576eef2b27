import { parseRupees } from '@khata/core/money';

/** Today on this device, as the default date of a form (the server decides what dates it accepts). */
export const today = () => new Date().toISOString().slice(0, 10);

/** Rupees typed by a person → paise; null when it does not read as an amount (the server then names the field). */
export const rupeesToPaise = (text: string): number | null => {
  const r = parseRupees(text);
  return r.ok ? r.value : null;
};
