/**
 * What every office form and list shares: a form's sending state and outcome, a labelled field, rupees typed by a
 * person, the CSV/XLSX links of a list, and an import's refusal shown row by row.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRupees } from '@khata/core/money';
import { ApiError, listFileUrl, type ListQuery } from '../api.ts';
import { ErrorMessage } from './common.tsx';

/** A form's sending state: busy while the command runs, the server's problems (each with its field), a saved line. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await action()) ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

/** The problem list and the saved line of a form. */
export function FormOutcome({ error, done }: { error: unknown; done: string | null }) {
  return (
    <>
      {error !== null && error !== undefined && <ErrorMessage error={error} />}
      {done && (
        <p role="status" className="saved">
          {done}
        </p>
      )}
    </>
  );
}

/** A labelled field: the label is tied to its input by id, as screen readers need; an optional line of help. */
export function Field({ id, label, children, help }: { id: string; label: string; children: ReactNode; help?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {help && (
        <small id={`${id}-help`} className="help">
          {help}
        </small>
      )}
    </div>
  );
}

/**
 * Rupees typed by a person → paise; NaN when it is not an amount (the server then refuses it and names the field).
 * An empty box is `empty` (NaN unless the form treats an empty amount as zero).
 */
export function rupeesToPaise(text: string, empty = Number.NaN): number {
  if (text.trim() === '') return empty;
  const r = parseRupees(text.trim());
  return r.ok ? r.value : Number.NaN;
}

/** CSV and XLSX links for a list: the same endpoint and filters with `format`. */
export function Downloads({ path, query = {}, label }: { path: string; query?: ListQuery; label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="downloads no-print">
      <span className="muted">{label ?? t('common.download')}: </span>
      <a className="button-link" href={listFileUrl(path, 'csv', query)} download>
        CSV
      </a>{' '}
      <a className="button-link" href={listFileUrl(path, 'xlsx', query)} download>
        XLSX
      </a>
    </p>
  );
}

/** An import's refusal: each bad cell as "Row 3, column name: why", or the usual error message. */
export function ImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const rows = error instanceof ApiError ? error.problems.filter((p) => p.params && 'row' in p.params && 'column' in p.params) : [];
  if (rows.length === 0) return <ErrorMessage error={error} />;
  return (
    <div className="error" role="alert">
      <p>{t('import.failed', { n: rows.length })}</p>
      <ul>
        {rows.map((p, i) => (
          <li key={i}>
            {t('import.rowError', { row: p.params!.row, column: String(p.params!.column) })} {p.message.replace(/^row \d+, column [^:]+: /, '')}
          </li>
        ))}
      </ul>
    </div>
  );
}
