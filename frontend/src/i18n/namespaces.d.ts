// Type-checked keys per namespace: t('customer:title') and useTranslation('customer') then
// t('title') compile only when the key is in locales/en/<ns>.json. One line per namespace.
import 'i18next';
import type common from './locales/en/common.json';
import type documents from './locales/en/documents.json';
import type staff from './locales/en/staff.json';
import type settings from './locales/en/settings.json';
import type reports from './locales/en/reports.json';
import type money from './locales/en/money.json';
import type payments from './locales/en/payments.json';
import type account from './locales/en/account.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
  }
  interface ResourceNamespaceMap {
    common: typeof common;
    documents: typeof documents;
    staff: typeof staff;
    settings: typeof settings;
    reports: typeof reports;
    money: typeof money;
    payments: typeof payments;
    account: typeof account;
  }
}
