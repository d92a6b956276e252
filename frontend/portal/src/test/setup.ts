import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { signOut } from '../lib/auth';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  signOut();
  sessionStorage.clear();
  document.documentElement.removeAttribute('style');
});
afterEach(() => cleanup());
// findBy*/waitFor: generous on a shared, busy machine
configure({ asyncUtilTimeout: 5000 });
