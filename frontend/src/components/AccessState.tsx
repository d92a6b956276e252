import { Badge, Group, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccessState, ConnectionStatus } from '../gql/graphql';
import { i18n } from '../i18n';
import { formatDate } from '../lib/format';

/** Each access state's colour; its label and meaning are common:state.access.<STATE>. */
export const accessStateColors: Record<AccessState, MantineColor> = {
  ONLINE: 'green',
  OFFLINE: 'gray',
  EXPIRED: 'red',
  SUSPENDED: 'orange',
  DISABLED: 'dark',
  CAPPED: 'grape',
  ARCHIVED: 'gray',
};

/** An access state's label in the current language ("Online", "Suspended", ...). */
export function accessStateLabel(s: AccessState): string {
  return i18n.t(`common:state.access.${s}.label`);
}

/** What an access state means for the router, in the current language. */
function accessStateMeaning(s: AccessState): string {
  return i18n.t(`common:state.access.${s}.meaning`);
}

/** The filter choices, one per state, in the order the router checks them (labels in the current language). */
export function accessStateOptions(): { value: AccessState; label: string }[] {
  return (['ONLINE', 'OFFLINE', 'EXPIRED', 'CAPPED', 'SUSPENDED', 'DISABLED', 'ARCHIVED'] as AccessState[]).map((s) => ({
    value: s,
    label: accessStateLabel(s),
  }));
}

export interface AccessInfo {
  accessState: AccessState;
  connectionStatus?: ConnectionStatus | null;
  expiresAt?: string | null;
  archivedAt?: string | null;
}

/** accessDetail is the line beside the state: why, since when, and whether still connected. */
export function accessDetail(c: AccessInfo): string {
  const online = c.connectionStatus === 'ONLINE';
  switch (c.accessState) {
    case 'EXPIRED':
      return i18n.t('common:state.detail.since', { date: formatDate(c.expiresAt) });
    case 'ARCHIVED':
      return c.archivedAt ? i18n.t('common:state.detail.on', { date: formatDate(c.archivedAt) }) : accessStateMeaning('ARCHIVED');
    case 'ONLINE':
    case 'OFFLINE':
      return c.expiresAt ? i18n.t('common:state.detail.paidUntil', { date: formatDate(c.expiresAt) }) : accessStateMeaning(c.accessState);
    default:
      return online
        ? i18n.t('common:state.detail.stillConnected', { meaning: accessStateMeaning(c.accessState) })
        : accessStateMeaning(c.accessState);
  }
}

/** The one state of a customer (what the router does with them now), with its detail beside it. */
export function AccessBadge({ customer, detail = true }: { customer: AccessInfo; detail?: boolean }) {
  const { t } = useTranslation('common');
  const color = accessStateColors[customer.accessState];
  if (!color) return <Badge color="gray" variant="outline">{t('state.unknown')}</Badge>;
  const label = accessStateLabel(customer.accessState);
  return (
    <Group gap={6} wrap="nowrap">
      <Badge
        color={color}
        variant={customer.accessState === 'OFFLINE' || customer.accessState === 'ARCHIVED' ? 'light' : 'filled'}
        data-access-state={customer.accessState}
        role="status"
        aria-label={t('state.stateAria', { label })}
        leftSection={customer.accessState === 'ONLINE' ? <span className="live-dot" aria-hidden /> : undefined}
      >
        {label}
      </Badge>
      {detail && (
        <Text size="xs" c="dimmed" data-testid="access-detail">
          {accessDetail(customer)}
        </Text>
      )}
    </Group>
  );
}
