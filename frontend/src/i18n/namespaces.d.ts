// Type-checked keys per namespace: t('customer:title') and useTranslation('customer') then
// t('title') compile only when the key is in locales/en/<ns>.json. One line per namespace.
import 'i18next';
import type common from './locales/en/common.json';
import type errors from './locales/en/errors.json';
import type notifications from './locales/en/notifications.json';
import type audit from './locales/en/audit.json';
import type profiles from './locales/en/profiles.json';
import type nas from './locales/en/nas.json';
import type dashboard from './locales/en/dashboard.json';
import type radiuslog from './locales/en/radiuslog.json';
import type account from './locales/en/account.json';
import type bulk from './locales/en/bulk.json';
import type customer from './locales/en/customer.json';
import type customers from './locales/en/customers.json';
import type documents from './locales/en/documents.json';
import type money from './locales/en/money.json';
import type payments from './locales/en/payments.json';
import type reports from './locales/en/reports.json';
import type sessions from './locales/en/sessions.json';
import type settings from './locales/en/settings.json';
import type staff from './locales/en/staff.json';
import type pools from './locales/en/pools.json';
import type ipv6 from './locales/en/ipv6.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
  }
  interface ResourceNamespaceMap {
    account: typeof account;
    bulk: typeof bulk;
    common: typeof common;
    errors: typeof errors;
    notifications: typeof notifications;
    audit: typeof audit;
    profiles: typeof profiles;
    nas: typeof nas;
    dashboard: typeof dashboard;
    radiuslog: typeof radiuslog;
    customer: typeof customer;
    customers: typeof customers;
    documents: typeof documents;
    money: typeof money;
    payments: typeof payments;
    reports: typeof reports;
    sessions: typeof sessions;
    settings: typeof settings;
    staff: typeof staff;
    pools: typeof pools;
    ipv6: typeof ipv6;
  }
}
