import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Exchange } from 'urql';
import { App } from './App';
import { createPortalI18n, initialPortalLanguage, loadPortalLanguage } from './i18n';

async function start() {
  const i18n = createPortalI18n();
  // the chosen (or the browser's) language before the first render: its strings are one
  // small chunk, and English shows if it cannot be fetched
  await loadPortalLanguage(i18n, initialPortalLanguage()).catch(() => undefined);
  let transport: Exchange | undefined;
  // `vite --mode mock`: answers from fixtures, for screenshots without a server. In a
  // production build this branch is removed and the fixtures are not emitted.
  if (import.meta.env.MODE === 'mock') transport = (await import('./mock/transport')).mockTransport();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App transport={transport} />
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
