import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router';

/** Who an audit row names, as the server writes it (internal/audit: Kind and KindOf). */
export type ActorKind = 'staff' | 'token' | 'customer' | 'system';

/** actorKind reads the kind from a stored actor name: "customer:<account>", "token:<name>", "system", or a staff username. */
export function actorKind(name: string): ActorKind {
  if (name === '' || name === 'system') return 'system';
  if (name.startsWith('customer:')) return 'customer';
  if (name.startsWith('token:')) return 'token';
  return 'staff';
}

/** An audit row's actor, readable: a subscriber by account number (linked), an API token by name, the system. */
export function AuditActor({ name }: { name: string }) {
  const { t } = useTranslation('common');
  switch (actorKind(name)) {
    case 'customer': {
      const account = name.slice('customer:'.length);
      return (
        <Group gap={6} wrap="nowrap" data-actor-kind="customer">
          <Badge size="xs" variant="light" color="teal">{t('state.actor.subscriber')}</Badge>
          <Anchor component={Link} to={`/customers?q=${encodeURIComponent(account)}`} size="sm" className="mono" title={t('state.actor.customerLink')}>
            {account}
          </Anchor>
        </Group>
      );
    }
    case 'token':
      return (
        <Group gap={6} wrap="nowrap" data-actor-kind="token">
          <Badge size="xs" variant="light" color="grape">{t('state.actor.token')}</Badge>
          <Text span size="sm">{name.slice('token:'.length)}</Text>
        </Group>
      );
    case 'system':
      return <Text span size="sm" c="dimmed" data-actor-kind="system">{t('state.actor.system')}</Text>;
    default:
      return <Text span size="sm" data-actor-kind="staff">{name}</Text>;
  }
}
