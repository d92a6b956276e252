import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus, CustomerStatus } from '../gql/graphql';

// Labels: common:state.connection.<STATUS> and common:state.account.<STATUS>.
const connection: Record<ConnectionStatus, MantineColor> = { ONLINE: 'green', OFFLINE: 'gray', EXPIRED: 'red' };

/** The live connection status of a customer: Online, Offline or Expired. */
export function StatusBadge({ status }: { status: ConnectionStatus | null | undefined }) {
  const { t } = useTranslation('common');
  const color = status ? connection[status] : undefined;
  if (!status || !color) {
    return (
      <Badge color="gray" variant="outline" data-status="UNKNOWN">
        {t('state.unknown')}
      </Badge>
    );
  }
  const label = t(`state.connection.${status}`);
  return (
    <Badge
      color={color}
      variant={status === 'OFFLINE' ? 'light' : 'filled'}
      data-status={status}
      role="status"
      aria-label={t('state.connectionAria', { label })}
      leftSection={status === 'ONLINE' ? <span className="live-dot" aria-hidden /> : undefined}
    >
      {label}
    </Badge>
  );
}

const account: Record<CustomerStatus, MantineColor> = { ACTIVE: 'blue', SUSPENDED: 'orange', DISABLED: 'dark' };

/** The staff-set account state: Active, Suspended or Disabled. */
export function AccountBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation('common');
  return (
    <Badge color={account[status]} variant="outline" data-account-status={status}>
      {t(`state.account.${status}`)}
    </Badge>
  );
}
