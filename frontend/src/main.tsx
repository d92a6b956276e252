import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initialLanguage, loadLanguage } from './i18n';

// The strings of the language last used here (or the browser's) are fetched before the first
// render, so no page flashes in English first; the staff member's own setting follows at sign-in.
void loadLanguage(initialLanguage()).finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
