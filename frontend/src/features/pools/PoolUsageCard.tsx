// The dashboard's pool usage: used and free addresses of each pool, fullest first; nothing
// when there are no pools.
import { Anchor, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatNumber } from '../../lib/format';

const PoolUsage = graphql(`
  query PoolUsage { pools { id name size used free } }
`);

export function PoolUsageCard() {
  const { t } = useTranslation('pools');
  const [res] = useQuery({ query: PoolUsage });
  const pools = [...(res.data?.pools ?? [])].sort((a, b) => b.used / Math.max(b.size, 1) - a.used / Math.max(a.size, 1));
  if (pools.length === 0) return null;
  return (
    <Card withBorder padding="lg" data-testid="pool-usage">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('usage.title')}</Title>
        <Anchor component={Link} to="/pools" size="sm">{t('usage.all')}</Anchor>
      </Group>
      <Stack gap="xs">
        {pools.slice(0, 6).map((p) => (
          <div key={p.id}>
            <Group justify="space-between">
              <Text size="sm">{p.name}</Text>
              <Text size="xs" c="dimmed">{t('usage.usedFree', { used: formatNumber(p.used), free: formatNumber(p.free) })}</Text>
            </Group>
            <Progress value={p.size > 0 ? (p.used / p.size) * 100 : 0} color={p.free === 0 ? 'red' : 'blue'} aria-label={t('usage.use', { name: p.name })} />
          </div>
        ))}
      </Stack>
    </Card>
  );
}
