import { Badge, type MantineColor } from '@mantine/core';
import type { ConnectionStatus, CustomerStatus } from '../gql/graphql';

const connection: Record<ConnectionStatus, { label: string; color: MantineColor }> = {
  ONLINE: { label: 'Online', color: 'green' },
  OFFLINE: { label: 'Offline', color: 'gray' },
  EXPIRED: { label: 'Expired', color: 'red' },
};

/** The live connection status of a customer: Online, Offline or Expired. */
export function StatusBadge({ status }: { status: ConnectionStatus | null | undefined }) {
  const s = status ? connection[status] : undefined;
  if (!s) {
    return (
      <Badge color="gray" variant="outline" data-status="UNKNOWN">
        Unknown
      </Badge>
    );
  }
  return (
    <Badge
      color={s.color}
      variant={status === 'OFFLINE' ? 'light' : 'filled'}
      data-status={status}
      role="status"
      aria-label={`Connection status: ${s.label}`}
      leftSection={status === 'ONLINE' ? <span className="live-dot" aria-hidden /> : undefined}
    >
      {s.label}
    </Badge>
  );
}

const account: Record<CustomerStatus, { label: string; color: MantineColor }> = {
  ACTIVE: { label: 'Active', color: 'blue' },
  SUSPENDED: { label: 'Suspended', color: 'orange' },
  DISABLED: { label: 'Disabled', color: 'dark' },
};

/** The staff-set account state: Active, Suspended or Disabled. */
export function AccountBadge({ status }: { status: CustomerStatus }) {
  const s = account[status];
  return (
    <Badge color={s.color} variant="outline" data-account-status={status}>
      {s.label}
    </Badge>
  );
}
