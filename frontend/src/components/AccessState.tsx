import { Badge, Group, Text, type MantineColor } from '@mantine/core';
import type { AccessState, ConnectionStatus } from '../gql/graphql';
import { formatDate } from '../lib/format';

/** Each access state: its label, colour and what it means for the router. */
export const accessStates: Record<AccessState, { label: string; color: MantineColor; meaning: string }> = {
  ONLINE: { label: 'Online', color: 'green', meaning: 'connected now' },
  OFFLINE: { label: 'Offline', color: 'gray', meaning: 'may connect, not connected' },
  EXPIRED: { label: 'Expired', color: 'red', meaning: 'subscription ended' },
  SUSPENDED: { label: 'Suspended', color: 'orange', meaning: 'refused until resumed' },
  DISABLED: { label: 'Disabled', color: 'dark', meaning: 'refused: disabled by staff' },
  CAPPED: { label: 'Capped', color: 'grape', meaning: 'data limit reached' },
  ARCHIVED: { label: 'Archived', color: 'gray', meaning: 'out of lists and RADIUS' },
};

/** The filter choices, one per state, in the order the router checks them. */
export const accessStateOptions = (['ONLINE', 'OFFLINE', 'EXPIRED', 'CAPPED', 'SUSPENDED', 'DISABLED', 'ARCHIVED'] as AccessState[]).map(
  (s) => ({ value: s, label: accessStates[s].label }),
);

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
      return `since ${formatDate(c.expiresAt)}`;
    case 'ARCHIVED':
      return c.archivedAt ? `on ${formatDate(c.archivedAt)}` : accessStates.ARCHIVED.meaning;
    case 'ONLINE':
    case 'OFFLINE':
      return c.expiresAt ? `paid until ${formatDate(c.expiresAt)}` : accessStates[c.accessState].meaning;
    default:
      return `${accessStates[c.accessState].meaning}${online ? ' · still connected' : ''}`;
  }
}

/** The one state of a customer (what the router does with them now), with its detail beside it. */
export function AccessBadge({ customer, detail = true }: { customer: AccessInfo; detail?: boolean }) {
  const s = accessStates[customer.accessState];
  if (!s) return <Badge color="gray" variant="outline">Unknown</Badge>;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge
        color={s.color}
        variant={customer.accessState === 'OFFLINE' || customer.accessState === 'ARCHIVED' ? 'light' : 'filled'}
        data-access-state={customer.accessState}
        role="status"
        aria-label={`State: ${s.label}`}
        leftSection={customer.accessState === 'ONLINE' ? <span className="live-dot" aria-hidden /> : undefined}
      >
        {s.label}
      </Badge>
      {detail && (
        <Text size="xs" c="dimmed" data-testid="access-detail">
          {accessDetail(customer)}
        </Text>
      )}
    </Group>
  );
}
