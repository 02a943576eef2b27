import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { makeFormatter, type Formatter } from '../format.ts';
import { errorLines } from '../labels.ts';
import type { Me } from '../api.ts';

export const FormatContext = createContext<Formatter>(makeFormatter('en', false));
export const useFmt = (): Formatter => useContext(FormatContext);

export const SessionContext = createContext<Me | undefined>(undefined);

export type LoadState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ok'; data: T };

/** Loads data for a screen; aborts when the inputs change or the screen goes away. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): LoadState<T> & { reload: () => void } {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const lastDeps = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const sameDeps = lastDeps.current !== null && lastDeps.current.length === deps.length && deps.every((d, i) => Object.is(d, lastDeps.current![i]));
    lastDeps.current = deps;
    // A reload (after a form was sent) keeps what is on screen until the new data comes, so the form's "saved" line
    // and the reader's place stay; new inputs (another record) show loading.
    setState((s) => (sameDeps && s.status === 'ok' ? s : { status: 'loading' }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const [first, ...rest] = errorLines(t, error);
  return (
    <div className="error" role="alert">
      <p>{first}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders the children once the data is there, or the loading / error state. */
export function Loaded<T>({ state, children }: { state: LoadState<T> & { reload: () => void }; children: (data: T) => ReactNode }) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  return <>{children(state.data)}</>;
}

export function Money({ paise, strong }: { paise: number | null | undefined; strong?: boolean }) {
  const fmt = useFmt();
  const text = fmt.money(paise);
  const negative = typeof paise === 'number' && paise < 0;
  return <span className={`money${negative ? ' negative' : ''}${strong ? ' strong' : ''}`}>{text}</span>;
}

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="no-print" onClick={() => window.print()}>
      {t('common.print')}
    </button>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
