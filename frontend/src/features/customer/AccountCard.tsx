import { Button, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatDateTime, fromNow } from '../../lib/format';
import { Field } from './Field';

export const AccountCardFragment = graphql(`
  fragment AccountCard_customer on Customer {
    id accountNo username phone email address joinedAt expiresAt autoRenew staticIP macLock maxSessions
  }
`);

/** The account's details; `onEdit` (writers only) opens the edit dialog. */
export function AccountCard(props: { customer: FragmentType<typeof AccountCardFragment>; onEdit?: () => void }) {
  const c = useFragment(AccountCardFragment, props.customer);
  return (
    <Card withBorder padding="lg" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Account</Title>
        {props.onEdit && (
          <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={props.onEdit}>
            Edit details
          </Button>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <Field label="Account No"><span className="mono">{c.accountNo}</span></Field>
        <Field label="Username"><span className="mono">{c.username}</span></Field>
        <Field label="Phone"><span className="mono">{c.phone}</span></Field>
        <Field label="E-mail">{c.email}</Field>
        <Field label="Address">{c.address}</Field>
        <Field label="Joined">{formatDate(c.joinedAt)}</Field>
        <Field label="Expires">
          <span data-testid="expires-at">{formatDateTime(c.expiresAt)}</span>{' '}
          <Text span size="xs" c={dayjs(c.expiresAt).isBefore(dayjs()) ? 'red' : 'dimmed'}>({fromNow(c.expiresAt)})</Text>
        </Field>
        <Field label="Auto-renew">{c.autoRenew ? 'Yes' : 'No'}</Field>
        <Field label="Static IP">{c.staticIP && <span className="mono">{c.staticIP}</span>}</Field>
        <Field label="MAC lock">{c.macLock && <span className="mono">{c.macLock}</span>}</Field>
        <Field label="Max sessions">{String(c.maxSessions)}</Field>
      </SimpleGrid>
    </Card>
  );
}
