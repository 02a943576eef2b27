import { StrictMode } from 'react';
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
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';

void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
