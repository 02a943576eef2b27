/**
 * Readiness reasons in the user's language. The server sends each shortfall as the rule it cites (its dotted path
 * in the rule set) and the figures behind it; the words come from the catalog key `reason.<rule>`. A rule this
 * version of the app does not know yet shows the server's English sentence rather than nothing.
 */
import type { TFunction } from 'i18next';
import type { Reason } from '../../api/federations.ts';
import type { Formatter } from '../../format.ts';
import { valueLabel } from '../../labels.ts';

const DATE_PARAMS = new Set(['formedOn']);

/** The training module's name: `trainingModule.<code>`, else the code as the rule set names it. */
export function moduleLabel(t: TFunction, code: string): string {
  return t(`trainingModule.${code}`, { defaultValue: code });
}

export function reasonText(t: TFunction, fmt: Formatter, reason: Reason): string {
  const params: Record<string, string> = { name: reason.subjectName ?? '' };
  for (const [k, v] of Object.entries(reason.params)) {
    if (DATE_PARAMS.has(k)) params[k] = fmt.date(String(v));
    else if (k === 'module') params[k] = moduleLabel(t, String(v));
    else if ((k === 'frequency' || k === 'required') && typeof v === 'string') params[k] = valueLabel(t, 'frequency', v);
    else if (typeof v === 'number') params[k] = fmt.number(v);
    else params[k] = String(v);
  }
  return t(`reason.${reason.rule}`, { ...params, defaultValue: reason.message });
}
