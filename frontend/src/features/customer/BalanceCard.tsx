import { Card, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatMoney } from '../../lib/format';

export const BalanceCardFragment = graphql(`
  fragment BalanceCard_customer on Customer { id balance profile { id price } }
`);

/** The balance, and whether it covers the next renewal. */
export function BalanceCard(props: { customer: FragmentType<typeof BalanceCardFragment> }) {
  const c = useFragment(BalanceCardFragment, props.customer);
  const { t } = useTranslation('customer');
  return (
    <Card withBorder padding="lg" style={{ flex: 1 }}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{t('balance.title')}</Title>
        <Text fz={26} fw={700} c={c.balance < 0 ? 'red' : undefined} data-testid="balance">{formatMoney(c.balance)}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t(c.balance >= c.profile.price ? 'balance.covers' : 'balance.doesNotCover', { price: formatMoney(c.profile.price) })}
      </Text>
    </Card>
  );
}
