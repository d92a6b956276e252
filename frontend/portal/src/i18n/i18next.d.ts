// Type-checked keys: t('home.balance') compiles, t('home.balanse') does not.
import 'i18next';
import type en from './en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'portal';
  }
  interface ResourceNamespaceMap {
    portal: typeof en;
  }
}
