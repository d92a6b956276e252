import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from '../lib/router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { ExpiredRedirectCard } from '../features/nas/ExpiredRedirectCard';
import { RouterConfigCard } from '../features/nas/RouterConfigCard';
import { formatDateTime, fromNow } from '../lib/format';
import { ApiTrust } from './NasPage';
import { RouterHealthBadge, RouterRadiusCounts } from '../features/radiuslog/RadiusCounts';

const NasDetailQuery = graphql(`
  query NasDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Nas {
        id name ipAddress coaPort lastSeenAt activeSessions disconnectMethod requireMessageAuthenticator
        apiAddress apiUser apiTLS apiPlain apiTlsFingerprint apiCaCertificate apiError
        ...ExpiredRedirectCard_nas
        ...RadiusCounts_nas
      }
    }
  }
`);

/** One router: what linedesk knows of it, and the lines to paste into it. */
export function NasDetailPage() {
  const { t } = useTranslation(['nas', 'radiuslog']);
  const { id = '' } = useParams();
  const [res] = useQuery({ query: NasDetailQuery, variables: { id } });
  const node = res.data?.node;
  const n = node?.__typename === 'Nas' ? node : null;
  if (!n) {
    if (res.fetching) return <Loading />;
    return (
      <>
        <QueryError error={res.error} />
        {!res.error && <Alert color="yellow">{t('detail.notFound')}</Alert>}
      </>
    );
  }
  return (
    <>
      <PageHeader title={n.name} subtitle={<><Anchor component={Link} to="/nas">{t('detail.routers')}</Anchor> · <span className="mono">{n.ipAddress}</span></>} />
      <QueryError error={res.error} />
      <Stack>
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <div>
              <Text size="xs" c="dimmed">{t('col.health')}</Text>
              <Group gap="xs" align="flex-start"><RouterHealthBadge nas={n} /><Text size="sm" title={formatDateTime(n.lastSeenAt)}>{fromNow(n.lastSeenAt)}</Text></Group>
            </div>
            <div>
              <Text size="xs" c="dimmed">{t('col.sessions')}</Text>
              <Text fw={600}>{n.activeSessions}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">{t('detail.radiusCoa')}</Text>
              <Text size="sm" className="mono">{t('addressCoa', { ip: n.ipAddress, port: n.coaPort })}</Text>
              <Text size="xs" c="dimmed">{t('security.disconnect', { method: t(`method.${n.disconnectMethod}`) })}</Text>
            </div>
          </SimpleGrid>
          <ApiTrust n={n} />
        </Card>
        <RouterConfigCard nasId={n.id} name={n.name} hasApi={!!n.apiUser} />
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>{t('detail.answers')}</Text>
            <Anchor component={Link} to="/radius-log" size="sm">{t('radiuslog:title')}</Anchor>
          </Group>
          <RouterRadiusCounts nas={n} />
        </Card>
        <ExpiredRedirectCard nas={n} />
      </Stack>
    </>
  );
}
