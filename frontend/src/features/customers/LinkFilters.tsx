// The filters a link from the dashboard sets (connection status, expiring within days, joined
// since a date): shown above the list as chips that say what is filtered, each removable.
import { CloseButton, Group, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus, CustomerWhereInput } from '../../gql/graphql';
import type { ListState } from './listState';

const CONNECTION_STATUSES: ConnectionStatus[] = ['ONLINE', 'OFFLINE', 'EXPIRED'];

/** whereOf builds the list's where input from its plan, expiring-soon and joined-since filters. */
export function whereOf(profileID: string | null, expiringDays: number | null, joinedSince: string | null, now = new Date()): CustomerWhereInput | null {
  const w: CustomerWhereInput = {};
  if (profileID) w.profileID = profileID;
  if (expiringDays) {
    w.expiresAtGT = now.toISOString();
    w.expiresAtLTE = new Date(now.getTime() + expiringDays * 86400000).toISOString();
  }
  if (joinedSince) w.joinedAtGTE = new Date(`${joinedSince}T00:00:00`).toISOString();
  return Object.keys(w).length > 0 ? w : null;
}

type Key = 'status' | 'expiring' | 'joined';

export function LinkFilters({ state, onClear }: { state: ListState; onClear: (k: Key) => void }) {
  const { t } = useTranslation('customers');
  const chips: { key: Key; label: string }[] = [];
  if (state.status) {
    chips.push({ key: 'status', label: CONNECTION_STATUSES.includes(state.status) ? t(`filters.connection.${state.status}`) : state.status });
  }
  if (state.expiringDays) chips.push({ key: 'expiring', label: t('filters.expiring', { count: state.expiringDays }) });
  if (state.joinedSince) chips.push({ key: 'joined', label: t('filters.joined', { date: state.joinedSince }) });
  if (chips.length === 0) return null;
  return (
    <Group gap="xs" mb="sm" data-testid="link-filters">
      {chips.map((c) => (
        <Badge
          key={c.key}
          variant="light"
          size="lg"
          rightSection={<CloseButton size="xs" aria-label={t('filters.remove', { label: c.label })} onClick={() => onClear(c.key)} />}
        >
          {c.label}
        </Badge>
      ))}
    </Group>
  );
}
