/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Isp {\n    isp {\n      name\n      logo\n      color\n      supportPhone\n      supportEmail\n      supportWhatsapp\n      paymentInstructions\n      payMethods\n      currency\n      timeZone\n      language\n    }\n  }\n": typeof types.IspDocument,
    "\n  mutation SetLanguage($language: String) {\n    setLanguage(language: $language)\n  }\n": typeof types.SetLanguageDocument,
    "\n  query Me {\n    me {\n      accountNo\n      username\n      fullName\n      phone\n      email\n      status\n      connectionStatus\n      restriction\n      autoRenew\n      language\n      expiresAt\n      daysLeft\n      balance\n      profile {\n        id\n        name\n        description\n        downloadKbps\n        uploadKbps\n        dataLimitBytes\n        validityDays\n        price\n      }\n      pendingProfile {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation PortalLogout {\n    portalLogout\n  }\n": typeof types.PortalLogoutDocument,
    "\n  query Attempts($first: Int) {\n    me {\n      connectionAttempts(first: $first) {\n        at\n        accepted\n        message\n      }\n    }\n  }\n": typeof types.AttemptsDocument,
    "\n  query History($sessions: Int, $transactions: Int) {\n    me {\n      sessions(first: $sessions) {\n        acctSessionID\n        framedIP\n        startedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n      transactions(first: $transactions) {\n        id\n        amount\n        balanceAfter\n        kind\n        method\n        reference\n        createdAt\n      }\n    }\n  }\n": typeof types.HistoryDocument,
    "\n  query Home($days: Int) {\n    me {\n      usage {\n        periodStart\n        bytesIn\n        bytesOut\n        limitBytes\n      }\n      dailyUsage(days: $days) {\n        day\n        bytesIn\n        bytesOut\n      }\n      currentSession {\n        acctSessionID\n        framedIP\n        startedAt\n        updatedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n    }\n  }\n": typeof types.HomeDocument,
    "\n  subscription SessionUpdated {\n    sessionUpdated {\n      acctSessionID\n      framedIP\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      open\n    }\n  }\n": typeof types.SessionUpdatedDocument,
    "\n  mutation Renew {\n    renew {\n      expiresAt\n      daysLeft\n      balance\n      connectionStatus\n    }\n  }\n": typeof types.RenewDocument,
    "\n  query Plans {\n    offeredPlans {\n      id\n      name\n      description\n      downloadKbps\n      uploadKbps\n      dataLimitBytes\n      validityDays\n      price\n    }\n  }\n": typeof types.PlansDocument,
    "\n  mutation PlanChange($profileID: ID!) {\n    changePlan(profileID: $profileID) {\n      appliedNow\n      transaction {\n        id\n        amount\n        balanceAfter\n      }\n      subscriber {\n        expiresAt\n        balance\n        profile {\n          id\n          name\n        }\n        pendingProfile {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.PlanChangeDocument,
    "\n  query Receipts($n: Int) {\n    me {\n      transactions(first: $n) {\n        id\n        amount\n        kind\n        method\n        receiptNo\n        createdAt\n      }\n      invoices(first: $n) {\n        id\n        number\n        plan\n        periodStart\n        periodEnd\n        total\n        issuedAt\n      }\n    }\n  }\n": typeof types.ReceiptsDocument,
    "\n  mutation PortalLogin($username: String!, $password: String!) {\n    portalLogin(username: $username, password: $password) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n": typeof types.PortalLoginDocument,
    "\n  mutation PortalRequestCode($phone: String!) {\n    portalRequestCode(phone: $phone)\n  }\n": typeof types.PortalRequestCodeDocument,
    "\n  mutation PortalVerifyCode($phone: String!, $code: String!) {\n    portalVerifyCode(phone: $phone, code: $code) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n": typeof types.PortalVerifyCodeDocument,
    "\n  mutation BuyTopUp($gigabytes: Int!) {\n    buyTopUp(gigabytes: $gigabytes) {\n      dataBytes\n      capLifted\n      subscriber { balance connectionStatus usage { bytesIn bytesOut limitBytes } }\n    }\n  }\n": typeof types.BuyTopUpDocument,
    "\n  mutation UpdateEmail($email: String!) {\n    updateEmail(email: $email) {\n      email\n    }\n  }\n": typeof types.UpdateEmailDocument,
    "\n  mutation RequestPhoneChange($phone: String!) {\n    requestPhoneChange(phone: $phone)\n  }\n": typeof types.RequestPhoneChangeDocument,
    "\n  mutation ConfirmPhoneChange($phone: String!, $code: String!) {\n    confirmPhoneChange(phone: $phone, code: $code) {\n      phone\n    }\n  }\n": typeof types.ConfirmPhoneChangeDocument,
    "\n  mutation SetAutoRenew($on: Boolean!) {\n    setAutoRenew(on: $on) {\n      autoRenew\n    }\n  }\n": typeof types.SetAutoRenewDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!, $disconnectNow: Boolean) {\n    changePassword(current: $current, new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation SetPassword($new: String!, $disconnectNow: Boolean) {\n    setPassword(new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n": typeof types.SetPasswordDocument,
    "\n  mutation StartCardPayment($amount: Int!, $email: String) {\n    startCardPayment(amount: $amount, email: $email) {\n      id\n      checkoutURL\n    }\n  }\n": typeof types.StartCardPaymentDocument,
    "\n  mutation StartMobilePayment($amount: Int!, $phone: String) {\n    startMobilePayment(amount: $amount, phone: $phone) {\n      id\n      status\n      amount\n    }\n  }\n": typeof types.StartMobilePaymentDocument,
    "\n  query MobilePayment($id: ID!) {\n    mobilePayment(id: $id) {\n      id\n      status\n      amount\n      receipt\n      resultDesc\n    }\n  }\n": typeof types.MobilePaymentDocument,
    "\n  mutation RedeemVoucher($code: String!) {\n    redeemVoucher(code: $code) {\n      id\n      amount\n      receiptNo\n    }\n  }\n": typeof types.RedeemVoucherDocument,
};
const documents: Documents = {
    "\n  query Isp {\n    isp {\n      name\n      logo\n      color\n      supportPhone\n      supportEmail\n      supportWhatsapp\n      paymentInstructions\n      payMethods\n      currency\n      timeZone\n      language\n    }\n  }\n": types.IspDocument,
    "\n  mutation SetLanguage($language: String) {\n    setLanguage(language: $language)\n  }\n": types.SetLanguageDocument,
    "\n  query Me {\n    me {\n      accountNo\n      username\n      fullName\n      phone\n      email\n      status\n      connectionStatus\n      restriction\n      autoRenew\n      language\n      expiresAt\n      daysLeft\n      balance\n      profile {\n        id\n        name\n        description\n        downloadKbps\n        uploadKbps\n        dataLimitBytes\n        validityDays\n        price\n      }\n      pendingProfile {\n        id\n        name\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation PortalLogout {\n    portalLogout\n  }\n": types.PortalLogoutDocument,
    "\n  query Attempts($first: Int) {\n    me {\n      connectionAttempts(first: $first) {\n        at\n        accepted\n        message\n      }\n    }\n  }\n": types.AttemptsDocument,
    "\n  query History($sessions: Int, $transactions: Int) {\n    me {\n      sessions(first: $sessions) {\n        acctSessionID\n        framedIP\n        startedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n      transactions(first: $transactions) {\n        id\n        amount\n        balanceAfter\n        kind\n        method\n        reference\n        createdAt\n      }\n    }\n  }\n": types.HistoryDocument,
    "\n  query Home($days: Int) {\n    me {\n      usage {\n        periodStart\n        bytesIn\n        bytesOut\n        limitBytes\n      }\n      dailyUsage(days: $days) {\n        day\n        bytesIn\n        bytesOut\n      }\n      currentSession {\n        acctSessionID\n        framedIP\n        startedAt\n        updatedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n    }\n  }\n": types.HomeDocument,
    "\n  subscription SessionUpdated {\n    sessionUpdated {\n      acctSessionID\n      framedIP\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      open\n    }\n  }\n": types.SessionUpdatedDocument,
    "\n  mutation Renew {\n    renew {\n      expiresAt\n      daysLeft\n      balance\n      connectionStatus\n    }\n  }\n": types.RenewDocument,
    "\n  query Plans {\n    offeredPlans {\n      id\n      name\n      description\n      downloadKbps\n      uploadKbps\n      dataLimitBytes\n      validityDays\n      price\n    }\n  }\n": types.PlansDocument,
    "\n  mutation PlanChange($profileID: ID!) {\n    changePlan(profileID: $profileID) {\n      appliedNow\n      transaction {\n        id\n        amount\n        balanceAfter\n      }\n      subscriber {\n        expiresAt\n        balance\n        profile {\n          id\n          name\n        }\n        pendingProfile {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.PlanChangeDocument,
    "\n  query Receipts($n: Int) {\n    me {\n      transactions(first: $n) {\n        id\n        amount\n        kind\n        method\n        receiptNo\n        createdAt\n      }\n      invoices(first: $n) {\n        id\n        number\n        plan\n        periodStart\n        periodEnd\n        total\n        issuedAt\n      }\n    }\n  }\n": types.ReceiptsDocument,
    "\n  mutation PortalLogin($username: String!, $password: String!) {\n    portalLogin(username: $username, password: $password) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n": types.PortalLoginDocument,
    "\n  mutation PortalRequestCode($phone: String!) {\n    portalRequestCode(phone: $phone)\n  }\n": types.PortalRequestCodeDocument,
    "\n  mutation PortalVerifyCode($phone: String!, $code: String!) {\n    portalVerifyCode(phone: $phone, code: $code) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n": types.PortalVerifyCodeDocument,
    "\n  mutation BuyTopUp($gigabytes: Int!) {\n    buyTopUp(gigabytes: $gigabytes) {\n      dataBytes\n      capLifted\n      subscriber { balance connectionStatus usage { bytesIn bytesOut limitBytes } }\n    }\n  }\n": types.BuyTopUpDocument,
    "\n  mutation UpdateEmail($email: String!) {\n    updateEmail(email: $email) {\n      email\n    }\n  }\n": types.UpdateEmailDocument,
    "\n  mutation RequestPhoneChange($phone: String!) {\n    requestPhoneChange(phone: $phone)\n  }\n": types.RequestPhoneChangeDocument,
    "\n  mutation ConfirmPhoneChange($phone: String!, $code: String!) {\n    confirmPhoneChange(phone: $phone, code: $code) {\n      phone\n    }\n  }\n": types.ConfirmPhoneChangeDocument,
    "\n  mutation SetAutoRenew($on: Boolean!) {\n    setAutoRenew(on: $on) {\n      autoRenew\n    }\n  }\n": types.SetAutoRenewDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!, $disconnectNow: Boolean) {\n    changePassword(current: $current, new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation SetPassword($new: String!, $disconnectNow: Boolean) {\n    setPassword(new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n": types.SetPasswordDocument,
    "\n  mutation StartCardPayment($amount: Int!, $email: String) {\n    startCardPayment(amount: $amount, email: $email) {\n      id\n      checkoutURL\n    }\n  }\n": types.StartCardPaymentDocument,
    "\n  mutation StartMobilePayment($amount: Int!, $phone: String) {\n    startMobilePayment(amount: $amount, phone: $phone) {\n      id\n      status\n      amount\n    }\n  }\n": types.StartMobilePaymentDocument,
    "\n  query MobilePayment($id: ID!) {\n    mobilePayment(id: $id) {\n      id\n      status\n      amount\n      receipt\n      resultDesc\n    }\n  }\n": types.MobilePaymentDocument,
    "\n  mutation RedeemVoucher($code: String!) {\n    redeemVoucher(code: $code) {\n      id\n      amount\n      receiptNo\n    }\n  }\n": types.RedeemVoucherDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Isp {\n    isp {\n      name\n      logo\n      color\n      supportPhone\n      supportEmail\n      supportWhatsapp\n      paymentInstructions\n      payMethods\n      currency\n      timeZone\n      language\n    }\n  }\n"): (typeof documents)["\n  query Isp {\n    isp {\n      name\n      logo\n      color\n      supportPhone\n      supportEmail\n      supportWhatsapp\n      paymentInstructions\n      payMethods\n      currency\n      timeZone\n      language\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLanguage($language: String) {\n    setLanguage(language: $language)\n  }\n"): (typeof documents)["\n  mutation SetLanguage($language: String) {\n    setLanguage(language: $language)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      accountNo\n      username\n      fullName\n      phone\n      email\n      status\n      connectionStatus\n      restriction\n      autoRenew\n      language\n      expiresAt\n      daysLeft\n      balance\n      profile {\n        id\n        name\n        description\n        downloadKbps\n        uploadKbps\n        dataLimitBytes\n        validityDays\n        price\n      }\n      pendingProfile {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      accountNo\n      username\n      fullName\n      phone\n      email\n      status\n      connectionStatus\n      restriction\n      autoRenew\n      language\n      expiresAt\n      daysLeft\n      balance\n      profile {\n        id\n        name\n        description\n        downloadKbps\n        uploadKbps\n        dataLimitBytes\n        validityDays\n        price\n      }\n      pendingProfile {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalLogout {\n    portalLogout\n  }\n"): (typeof documents)["\n  mutation PortalLogout {\n    portalLogout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Attempts($first: Int) {\n    me {\n      connectionAttempts(first: $first) {\n        at\n        accepted\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query Attempts($first: Int) {\n    me {\n      connectionAttempts(first: $first) {\n        at\n        accepted\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($sessions: Int, $transactions: Int) {\n    me {\n      sessions(first: $sessions) {\n        acctSessionID\n        framedIP\n        startedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n      transactions(first: $transactions) {\n        id\n        amount\n        balanceAfter\n        kind\n        method\n        reference\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query History($sessions: Int, $transactions: Int) {\n    me {\n      sessions(first: $sessions) {\n        acctSessionID\n        framedIP\n        startedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n      transactions(first: $transactions) {\n        id\n        amount\n        balanceAfter\n        kind\n        method\n        reference\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home($days: Int) {\n    me {\n      usage {\n        periodStart\n        bytesIn\n        bytesOut\n        limitBytes\n      }\n      dailyUsage(days: $days) {\n        day\n        bytesIn\n        bytesOut\n      }\n      currentSession {\n        acctSessionID\n        framedIP\n        startedAt\n        updatedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n    }\n  }\n"): (typeof documents)["\n  query Home($days: Int) {\n    me {\n      usage {\n        periodStart\n        bytesIn\n        bytesOut\n        limitBytes\n      }\n      dailyUsage(days: $days) {\n        day\n        bytesIn\n        bytesOut\n      }\n      currentSession {\n        acctSessionID\n        framedIP\n        startedAt\n        updatedAt\n        stoppedAt\n        sessionTime\n        bytesIn\n        bytesOut\n        open\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionUpdated {\n    sessionUpdated {\n      acctSessionID\n      framedIP\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      open\n    }\n  }\n"): (typeof documents)["\n  subscription SessionUpdated {\n    sessionUpdated {\n      acctSessionID\n      framedIP\n      startedAt\n      updatedAt\n      stoppedAt\n      sessionTime\n      bytesIn\n      bytesOut\n      open\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Renew {\n    renew {\n      expiresAt\n      daysLeft\n      balance\n      connectionStatus\n    }\n  }\n"): (typeof documents)["\n  mutation Renew {\n    renew {\n      expiresAt\n      daysLeft\n      balance\n      connectionStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Plans {\n    offeredPlans {\n      id\n      name\n      description\n      downloadKbps\n      uploadKbps\n      dataLimitBytes\n      validityDays\n      price\n    }\n  }\n"): (typeof documents)["\n  query Plans {\n    offeredPlans {\n      id\n      name\n      description\n      downloadKbps\n      uploadKbps\n      dataLimitBytes\n      validityDays\n      price\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlanChange($profileID: ID!) {\n    changePlan(profileID: $profileID) {\n      appliedNow\n      transaction {\n        id\n        amount\n        balanceAfter\n      }\n      subscriber {\n        expiresAt\n        balance\n        profile {\n          id\n          name\n        }\n        pendingProfile {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PlanChange($profileID: ID!) {\n    changePlan(profileID: $profileID) {\n      appliedNow\n      transaction {\n        id\n        amount\n        balanceAfter\n      }\n      subscriber {\n        expiresAt\n        balance\n        profile {\n          id\n          name\n        }\n        pendingProfile {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Receipts($n: Int) {\n    me {\n      transactions(first: $n) {\n        id\n        amount\n        kind\n        method\n        receiptNo\n        createdAt\n      }\n      invoices(first: $n) {\n        id\n        number\n        plan\n        periodStart\n        periodEnd\n        total\n        issuedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Receipts($n: Int) {\n    me {\n      transactions(first: $n) {\n        id\n        amount\n        kind\n        method\n        receiptNo\n        createdAt\n      }\n      invoices(first: $n) {\n        id\n        number\n        plan\n        periodStart\n        periodEnd\n        total\n        issuedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalLogin($username: String!, $password: String!) {\n    portalLogin(username: $username, password: $password) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n"): (typeof documents)["\n  mutation PortalLogin($username: String!, $password: String!) {\n    portalLogin(username: $username, password: $password) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRequestCode($phone: String!) {\n    portalRequestCode(phone: $phone)\n  }\n"): (typeof documents)["\n  mutation PortalRequestCode($phone: String!) {\n    portalRequestCode(phone: $phone)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalVerifyCode($phone: String!, $code: String!) {\n    portalVerifyCode(phone: $phone, code: $code) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n"): (typeof documents)["\n  mutation PortalVerifyCode($phone: String!, $code: String!) {\n    portalVerifyCode(phone: $phone, code: $code) {\n      token\n      expiresAt\n      byCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BuyTopUp($gigabytes: Int!) {\n    buyTopUp(gigabytes: $gigabytes) {\n      dataBytes\n      capLifted\n      subscriber { balance connectionStatus usage { bytesIn bytesOut limitBytes } }\n    }\n  }\n"): (typeof documents)["\n  mutation BuyTopUp($gigabytes: Int!) {\n    buyTopUp(gigabytes: $gigabytes) {\n      dataBytes\n      capLifted\n      subscriber { balance connectionStatus usage { bytesIn bytesOut limitBytes } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmail($email: String!) {\n    updateEmail(email: $email) {\n      email\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEmail($email: String!) {\n    updateEmail(email: $email) {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPhoneChange($phone: String!) {\n    requestPhoneChange(phone: $phone)\n  }\n"): (typeof documents)["\n  mutation RequestPhoneChange($phone: String!) {\n    requestPhoneChange(phone: $phone)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmPhoneChange($phone: String!, $code: String!) {\n    confirmPhoneChange(phone: $phone, code: $code) {\n      phone\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmPhoneChange($phone: String!, $code: String!) {\n    confirmPhoneChange(phone: $phone, code: $code) {\n      phone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAutoRenew($on: Boolean!) {\n    setAutoRenew(on: $on) {\n      autoRenew\n    }\n  }\n"): (typeof documents)["\n  mutation SetAutoRenew($on: Boolean!) {\n    setAutoRenew(on: $on) {\n      autoRenew\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $new: String!, $disconnectNow: Boolean) {\n    changePassword(current: $current, new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($current: String!, $new: String!, $disconnectNow: Boolean) {\n    changePassword(current: $current, new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPassword($new: String!, $disconnectNow: Boolean) {\n    setPassword(new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetPassword($new: String!, $disconnectNow: Boolean) {\n    setPassword(new: $new, disconnectNow: $disconnectNow) {\n      disconnected\n      message\n      subscriber {\n        connectionStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCardPayment($amount: Int!, $email: String) {\n    startCardPayment(amount: $amount, email: $email) {\n      id\n      checkoutURL\n    }\n  }\n"): (typeof documents)["\n  mutation StartCardPayment($amount: Int!, $email: String) {\n    startCardPayment(amount: $amount, email: $email) {\n      id\n      checkoutURL\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartMobilePayment($amount: Int!, $phone: String) {\n    startMobilePayment(amount: $amount, phone: $phone) {\n      id\n      status\n      amount\n    }\n  }\n"): (typeof documents)["\n  mutation StartMobilePayment($amount: Int!, $phone: String) {\n    startMobilePayment(amount: $amount, phone: $phone) {\n      id\n      status\n      amount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MobilePayment($id: ID!) {\n    mobilePayment(id: $id) {\n      id\n      status\n      amount\n      receipt\n      resultDesc\n    }\n  }\n"): (typeof documents)["\n  query MobilePayment($id: ID!) {\n    mobilePayment(id: $id) {\n      id\n      status\n      amount\n      receipt\n      resultDesc\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeemVoucher($code: String!) {\n    redeemVoucher(code: $code) {\n      id\n      amount\n      receiptNo\n    }\n  }\n"): (typeof documents)["\n  mutation RedeemVoucher($code: String!) {\n    redeemVoucher(code: $code) {\n      id\n      amount\n      receiptNo\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;