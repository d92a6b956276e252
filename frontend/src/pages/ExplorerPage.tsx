// The GraphQL explorer for integrators: GraphiQL bundled from npm (no CDN), sending the
// logged-in staff member's token. Loaded lazily: it is most of the bundle.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useComputedColorScheme } from '@mantine/core';
import { getToken } from '../lib/auth';
import { PageHeader } from '../components/PageHeader';

const DEFAULT_QUERY = `# Welcome to the linedesk GraphQL API.
# Integrators authenticate with an API token: Authorization: Bearer <token>
# (here, your login token is sent for you).

query FirstCustomers {
  customers(first: 5, orderBy: { field: ACCOUNT_NO, direction: ASC }) {
    totalCount
    edges {
      node { accountNo username phone connectionStatus expiresAt profile { name } }
    }
  }
}
`;

export default function ExplorerPage() {
  const { t } = useTranslation();
  const scheme = useComputedColorScheme('light');
  const fetcher = useMemo(() => {
    const ws = new URL('/graphql', window.location.href);
    ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = getToken();
    return createGraphiQLFetcher({
      url: '/graphql',
      subscriptionUrl: ws.toString(),
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      wsConnectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    });
  }, []);
  return (
    <>
      <PageHeader title={t('shell.nav.explorer')} subtitle={t('shell.explorerSubtitle')} />
      <div className="explorer-host" data-testid="explorer">
        <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} forcedTheme={scheme} />
      </div>
    </>
  );
}
