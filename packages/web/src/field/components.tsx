import type { TFunction } from 'i18next';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRupees } from '@khata/core/money';
import { useFmt } from '../components/common.tsx';
import type { Formatter } from '../format.ts';
import { useEngineState, useField, useOutboxCounts } from './hooks.ts';
import { toAsciiDigits } from './pin.ts';
import { fieldHref } from './route.ts';
import { Icon } from './icons.tsx';

/** Her photo's place: a large circle with the first letter of her name (photos are not synced yet). */
export function Avatar({ name }: { name: string }) {
  const letter = firstGrapheme(name.trim()) || '?';
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 360;
  return (
    <span className="f-avatar" aria-hidden="true" style={{ background: `hsl(${h} 45% 38%)` }}>
      {letter}
    </span>
  );
}

function firstGrapheme(text: string): string {
  try {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const s of seg.segment(text)) return s.segment;
  } catch {
    // no Intl.Segmenter
  }
  return text.slice(0, 1);
}

/** Rupees as typed (Latin or native digits) → paise; undefined when it is not an amount. */
export function parseAmount(text: string): number | undefined {
  const t = toAsciiDigits(text).trim();
  if (t === '') return 0;
  const r = parseRupees(t);
  return r.ok && r.value >= 0 ? r.value : undefined;
}

/** Paise as she would type it: 10, 10.50 (no symbol, no grouping), in her digits. */
export function amountText(paise: number, fmt: Formatter): string {
  const rupees = Math.trunc(paise / 100);
  const rest = Math.abs(paise % 100);
  return fmt.digits(rest === 0 ? String(rupees) : `${rupees}.${String(rest).padStart(2, '0')}`);
}

/**
 * A money field in rupees: a big numeric keypad on phones, native digits accepted, the ₹ sign outside the box.
 * The problem (if any) is shown right under it, in her language.
 */
export function MoneyInput({
  label,
  paise,
  onChange,
  problem,
  hint,
  id,
  testId,
}: {
  label: ReactNode;
  paise: number | null;
  onChange: (paise: number | null) => void;
  problem?: string[] | undefined;
  hint?: ReactNode;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const autoId = useId();
  const inputId = id ?? autoId;
  const shown = paise === null ? '' : amountText(paise, fmt);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  // A value set from outside (a tap on "same as books", attendance) replaces what is typed.
  useEffect(() => {
    const typed = parseAmount(text);
    if (paise === null ? text !== '' : typed !== paise) {
      setText(shown);
      setBad(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paise, shown]);
  const problems = [...(bad ? [t('fieldApp.amountInvalid')] : []), ...(problem ?? [])];
  const describedBy = problems.length ? `${inputId}-problem` : hint ? `${inputId}-hint` : undefined;
  return (
    <div className={`f-money${problems.length ? ' has-problem' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <div className="f-money-box">
        <span aria-hidden="true">₹</span>
        <input
          id={inputId}
          data-testid={testId}
          inputMode="decimal"
          autoComplete="off"
          enterKeyHint="done"
          value={text}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={describedBy}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            const v = e.target.value;
            setText(v);
            const parsed = parseAmount(v);
            setBad(parsed === undefined);
            if (parsed !== undefined) onChange(v.trim() === '' && paise === null ? null : parsed);
          }}
        />
      </div>
      {hint && !problems.length && (
        <p className="f-hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p className="f-problem" id={`${inputId}-problem`} role="alert">
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}

/** A problem from core or the server, in her language: the code's sentence, then the detail it carries. */
export function problemText(t: TFunction, fmt: Formatter, p: { code: string; params?: Record<string, string | number> | undefined }): string {
  const base = t(`error.${p.code}`, { defaultValue: t('error.UNKNOWN') });
  const params = p.params ?? {};
  const extra: string[] = [];
  if (typeof params.availablePaise === 'number') extra.push(t('fieldApp.problem.available', { amount: fmt.money(params.availablePaise) }));
  if (typeof params.maxPaise === 'number') extra.push(t('fieldApp.problem.max', { amount: fmt.money(params.maxPaise) }));
  if (typeof params.lockedThrough === 'string') extra.push(t('fieldApp.problem.lockedThrough', { date: fmt.dateLong(params.lockedThrough) }));
  if (typeof params.formedOn === 'string') extra.push(t('fieldApp.problem.formedOn', { date: fmt.dateLong(params.formedOn) }));
  if (typeof params.joinedOn === 'string') extra.push(t('fieldApp.problem.joinedOn', { date: fmt.dateLong(params.joinedOn) }));
  return [base, ...extra].join(' ');
}

/** "Sent" state in the top bar: how many records wait, when the last sync succeeded; a tap opens the list. */
export function SyncBadge() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { engine } = useField();
  const state = useEngineState(engine);
  const counts = useOutboxCounts();
  if (!counts) return null;
  const waiting = counts.waiting + counts.applied;
  const last = counts.sync.lastSyncAt;
  const when = last ? timeOrDate(last, fmt) : t('fieldApp.sync.never');
  const cls = counts.refused > 0 ? 'bad' : waiting > 0 ? 'wait' : 'ok';
  return (
    <a className={`f-badge ${cls}`} href={fieldHref({ name: 'attention' })} data-testid="sync-badge" data-waiting={waiting} data-refused={counts.refused}>
      <span className="f-badge-main">
        {counts.refused > 0
          ? t('fieldApp.sync.attention', { n: fmt.number(counts.refused) })
          : waiting > 0
            ? t('fieldApp.sync.waiting', { n: fmt.number(waiting) })
            : t('fieldApp.sync.allSent')}
      </span>
      <span className="f-badge-sub">
        {state.running ? t('fieldApp.sync.sending') : !state.online ? t('fieldApp.sync.offline') : t('fieldApp.sync.lastSent', { when })}
      </span>
    </a>
  );
}

export function timeOrDate(iso: string, fmt: Formatter): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = new Date().toDateString() === d.toDateString();
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  const time = fmt.digits(`${hh}:${mm}`);
  if (sameDay) return time;
  const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `${fmt.date(local)} ${time}`;
}

export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a className="f-back" href={href}>
      <Icon name="back" /> {children}
    </a>
  );
}
