import { lazy, StrictMode, Suspense, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
// Self-hosted Noto fonts, two weights; each file carries unicode ranges, so a browser fetches only the scripts it shows.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/700.css';
import '@fontsource/noto-sans-bengali/400.css';
import '@fontsource/noto-sans-bengali/700.css';
import '@fontsource/noto-sans-oriya/400.css';
import '@fontsource/noto-sans-oriya/700.css';
import './styles.css';
import { initI18n } from './i18n/index.ts';
import { isFieldHash } from './router.ts';
import { registerServiceWorker } from './sw-register.ts';

// Two faces of one app, each downloaded only when opened: the office screens, and the offline field app for
// bookkeepers (#/field…). The one needed now starts loading at once, alongside the language catalog.
const loadOffice = () => import('./App.tsx').then((m) => ({ default: m.App }));
const loadField = () => import('./field/FieldApp.tsx').then((m) => ({ default: m.FieldApp }));
const startedField = isFieldHash(location.hash);
const officePromise = startedField ? undefined : loadOffice();
const fieldPromise = startedField ? loadField() : undefined;
const Office = lazy(() => officePromise ?? loadOffice());
const Field = lazy(() => fieldPromise ?? loadField());

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

function Root() {
  const field = useSyncExternalStore(subscribe, () => isFieldHash(location.hash));
  return <Suspense fallback={null}>{field ? <Field /> : <Office />}</Suspense>;
}

registerServiceWorker();

void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
});
