import { Button, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('customer');
  return (
    <Card withBorder padding="lg" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">{t('account.title')}</Title>
        {props.onEdit && (
          <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={props.onEdit}>
            {t('account.edit')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <Field label={t('account.accountNo')}><span className="mono">{c.accountNo}</span></Field>
        <Field label={t('account.username')}><span className="mono">{c.username}</span></Field>
        <Field label={t('account.phone')}><span className="mono">{c.phone}</span></Field>
        <Field label={t('account.email')}>{c.email}</Field>
        <Field label={t('account.address')}>{c.address}</Field>
        <Field label={t('account.joined')}>{formatDate(c.joinedAt)}</Field>
        <Field label={t('account.expires')}>
          <span data-testid="expires-at">{formatDateTime(c.expiresAt)}</span>{' '}
          <Text span size="xs" c={dayjs(c.expiresAt).isBefore(dayjs()) ? 'red' : 'dimmed'}>({fromNow(c.expiresAt)})</Text>
        </Field>
        <Field label={t('account.autoRenew')}>{c.autoRenew ? t('account.yes') : t('account.no')}</Field>
        <Field label={t('account.staticIP')}>{c.staticIP && <span className="mono">{c.staticIP}</span>}</Field>
        <Field label={t('account.macLock')}>{c.macLock && <span className="mono">{c.macLock}</span>}</Field>
        <Field label={t('account.maxSessions')}>{String(c.maxSessions)}</Field>
      </SimpleGrid>
    </Card>
  );
}
