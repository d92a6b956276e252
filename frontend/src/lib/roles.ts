// What each role may do: the client's copy of graph/roles.go (mutationRoles and queryRoles),
// so that a button or page a role may not use is not shown at all.
import type { Role } from '../gql/graphql';
import { useMe } from './me';

const RANK: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };

/** The least role of each operation that needs more than VIEWER (graph/roles.go). */
export const OPERATION_ROLES: Record<string, Role> = {
  endStaffSessions: 'ADMIN', createApiToken: 'ADMIN', revokeApiToken: 'ADMIN', createStaff: 'ADMIN',
  updateStaff: 'ADMIN', createNas: 'ADMIN', updateNas: 'ADMIN', deleteNas: 'ADMIN', createProfile: 'ADMIN',
  updateProfile: 'ADMIN', deleteProfile: 'ADMIN', setPlanWindows: 'ADMIN', createPool: 'ADMIN', updatePool: 'ADMIN', deletePool: 'ADMIN',
  topUpData: 'OPERATOR', updateSettings: 'ADMIN', configurePaymentGateway: 'ADMIN',
  registerMpesaUrls: 'ADMIN', refundUnmatchedPayment: 'ADMIN', startMobilePayment: 'OPERATOR',
  assignUnmatchedPayment: 'OPERATOR', createVoucherBatch: 'ADMIN', voidVoucherBatch: 'ADMIN',
  createCustomer: 'OPERATOR', updateCustomer: 'OPERATOR', setCustomerPassword: 'OPERATOR',
  suspendCustomer: 'OPERATOR', resumeCustomer: 'OPERATOR', deleteCustomer: 'OPERATOR',
  changeCustomerProfile: 'OPERATOR', disconnectCustomer: 'OPERATOR', endPortalSessions: 'OPERATOR',
  recordPayment: 'OPERATOR', renewCustomer: 'OPERATOR', adjustBalance: 'OPERATOR', importCustomers: 'OPERATOR',
  redeemVoucher: 'OPERATOR', refundPayment: 'OPERATOR', auditLog: 'ADMIN', auditTrail: 'ADMIN',
  auditActions: 'ADMIN', staffMembers: 'ADMIN', apiTokens: 'ADMIN', staffSessions: 'ADMIN', settings: 'ADMIN',
  notifications: 'OPERATOR', exportCustomers: 'OPERATOR', exportPayments: 'OPERATOR', voucherBatches: 'OPERATOR',
  paymentGateways: 'ADMIN', unmatchedPayments: 'OPERATOR',
  archiveCustomer: 'OPERATOR', restoreCustomer: 'OPERATOR', addCustomerNote: 'OPERATOR', archiveNas: 'ADMIN',
  restoreNas: 'ADMIN',
  bulkRenew: 'OPERATOR', bulkSuspend: 'OPERATOR', bulkResume: 'OPERATOR', bulkChangeProfile: 'OPERATOR',
  bulkMessage: 'OPERATOR', bulkDelete: 'ADMIN', bulkArchive: 'OPERATOR', bulkJob: 'OPERATOR', bulkJobs: 'OPERATOR', bulkSelectionCount: 'OPERATOR',
  applyRouterConfig: 'ADMIN', routerConfigScript: 'ADMIN',
  routerConfigDryRun: 'ADMIN', routerHealth: 'OPERATOR',
};

/** Whether role may run operation (an operation not listed is open to every role). */
export function can(role: Role | null | undefined, operation: string): boolean {
  if (!role) return false;
  const need = OPERATION_ROLES[operation];
  return !need || RANK[role] >= RANK[need];
}

/** Whether the signed-in staff member may run operation. */
export function useCan(operation: string): boolean {
  return can(useMe()?.role, operation);
}
