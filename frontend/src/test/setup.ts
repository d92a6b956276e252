import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
// the dashboard's i18next instance, in English: components render their English strings
// (all of it: the app fetches what the first load leaves out before a page other than the
// dashboard renders)
import { loadEnglish } from '../i18n';

await loadEnglish();

afterEach(() => cleanup());
// findBy*/waitFor: generous on a shared, busy machine
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks these; Mantine asks for them.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
class RO {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: typeof RO }).ResizeObserver ??= RO;
window.HTMLElement.prototype.scrollIntoView ??= function () {};
// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens to it.
if (!(document as unknown as { fonts?: unknown }).fonts) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() },
  });
}
