import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
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
  const { id = '' } = useParams();
  const [res] = useQuery({ query: NasDetailQuery, variables: { id } });
  const node = res.data?.node;
  const n = node?.__typename === 'Nas' ? node : null;
  if (!n) {
    if (res.fetching) return <Loading />;
    return (
      <>
        <QueryError error={res.error} />
        {!res.error && <Alert color="yellow">No such router.</Alert>}
      </>
    );
  }
  return (
    <>
      <PageHeader title={n.name} subtitle={<><Anchor component={Link} to="/nas">Routers</Anchor> · <span className="mono">{n.ipAddress}</span></>} />
      <QueryError error={res.error} />
      <Stack>
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <div>
              <Text size="xs" c="dimmed">Health</Text>
              <Group gap="xs" align="flex-start"><RouterHealthBadge nas={n} /><Text size="sm" title={formatDateTime(n.lastSeenAt)}>{fromNow(n.lastSeenAt)}</Text></Group>
            </div>
            <div>
              <Text size="xs" c="dimmed">Active sessions</Text>
              <Text fw={600}>{n.activeSessions}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">RADIUS / CoA</Text>
              <Text size="sm" className="mono">{n.ipAddress} · CoA {n.coaPort}</Text>
              <Text size="xs" c="dimmed">disconnect: {n.disconnectMethod.toLowerCase().replaceAll('_', ' ')}</Text>
            </div>
          </SimpleGrid>
          <ApiTrust n={n} />
        </Card>
        <RouterConfigCard nasId={n.id} name={n.name} hasApi={!!n.apiUser} />
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>RADIUS answers</Text>
            <Anchor component={Link} to="/radius-log" size="sm">RADIUS log</Anchor>
          </Group>
          <RouterRadiusCounts nas={n} />
        </Card>
        <ExpiredRedirectCard nas={n} />
      </Stack>
    </>
  );
}
