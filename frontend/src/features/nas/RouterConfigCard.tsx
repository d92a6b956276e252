import { Alert, Button, Card, Code, CopyButton, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { useCan } from '../../lib/roles';
import { downloadText } from '../../lib/download';

const ScriptQuery = graphql(`
  query RouterConfigScript($nasId: ID!, $version: Int) {
    routerConfigScript(nasId: $nasId, version: $version) { version detected script }
  }
`);

const DryRunQuery = graphql(`
  query RouterConfigDryRun($nasId: ID!) {
    routerConfigDryRun(nasId: $nasId) { menu action what description }
  }
`);

const HealthQuery = graphql(`
  query RouterHealth($nasId: ID!) {
    routerHealth(nasId: $nasId) { ok differences { menu key message } }
  }
`);

const ApplyMutation = graphql(`
  mutation ApplyRouterConfig($nasId: ID!) {
    applyRouterConfig(nasId: $nasId) { menu action what description }
  }
`);

/** Saves text as a file the browser downloads. */
const download = (name: string, text: string) => downloadText(name, text, 'text/plain');

/**
 * The router's configuration as linedesk needs it (docs/NETWORK.md): the .rsc to copy or
 * download, and over the API a dry run, apply, and a check shown as the router's health.
 */
export function RouterConfigCard(props: { nasId: string; name: string; hasApi: boolean }) {
  const canScript = useCan('routerConfigScript');
  const canDry = useCan('routerConfigDryRun');
  const canApply = useCan('applyRouterConfig');
  const canCheck = useCan('routerHealth');
  const [version, setVersion] = useState<string>('auto');
  const [script] = useQuery({
    query: ScriptQuery,
    variables: { nasId: props.nasId, version: version === 'auto' ? null : Number(version) },
    pause: !canScript,
  });
  const [dry, runDry] = useQuery({ query: DryRunQuery, variables: { nasId: props.nasId }, pause: true, requestPolicy: 'network-only' });
  const [health, runHealth] = useQuery({ query: HealthQuery, variables: { nasId: props.nasId }, pause: true, requestPolicy: 'network-only' });
  const [applied, apply] = useMutation(ApplyMutation);
  const s = script.data?.routerConfigScript;
  const changes = applied.data?.applyRouterConfig ?? dry.data?.routerConfigDryRun;
  return (
    <Card withBorder padding="lg" data-testid="router-config">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Title order={2} size="h4">Connect to linedesk</Title>
            <Text size="sm" c="dimmed" maw={720}>
              The RouterOS configuration that makes {props.name} a linedesk NAS: RADIUS, CoA, accounting, a PPPoE profile, the
              expired pool's redirect and the API restricted to linedesk. {s?.detected ? `RouterOS ${s.version}, read from the router.` : ''}
            </Text>
          </div>
          <SegmentedControl size="xs" value={version} onChange={setVersion} data={[{ label: 'Auto', value: 'auto' }, { label: 'RouterOS 6', value: '6' }, { label: 'RouterOS 7', value: '7' }]} />
        </Group>
        {script.error && <Alert color="red">{script.error.graphQLErrors[0]?.message ?? script.error.message}</Alert>}
        {s && (
          <>
            <Group gap="xs">
              <CopyButton value={s.script}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} onClick={() => download(`linedesk-${props.name}.rsc`, s.script)} data-testid="download-rsc">
                Download .rsc
              </Button>
            </Group>
            <Code block data-testid="router-config-script" style={{ whiteSpace: 'pre', overflowX: 'auto', maxHeight: 360 }}>{s.script}</Code>
          </>
        )}
        {props.hasApi && (
          <Group gap="xs">
            {canDry && <Button size="xs" variant="default" onClick={() => runDry()} loading={dry.fetching}>Dry run</Button>}
            {canApply && dry.data && (
              <Button size="xs" color="orange" onClick={() => void apply({ nasId: props.nasId }).then(() => runHealth())} loading={applied.fetching} disabled={dry.data.routerConfigDryRun.length === 0}>
                Apply {dry.data.routerConfigDryRun.length} change(s)
              </Button>
            )}
            {canCheck && <Button size="xs" variant="default" onClick={() => runHealth()} loading={health.fetching} data-testid="router-check">Check</Button>}
          </Group>
        )}
        {(dry.error || applied.error || health.error) && (
          <Alert color="red">{(dry.error ?? applied.error ?? health.error)?.graphQLErrors[0]?.message ?? 'The router could not be reached.'}</Alert>
        )}
        {changes && (
          <div>
            <Text size="sm" fw={500}>{applied.data ? 'Applied' : 'Would change'}: {changes.length === 0 ? 'nothing' : ''}</Text>
            <List size="sm">{changes.map((c, i) => <List.Item key={i}>{c.description}</List.Item>)}</List>
          </div>
        )}
        {health.data && (
          <Alert color={health.data.routerHealth.ok ? 'teal' : 'orange'} title={health.data.routerHealth.ok ? 'Configured as linedesk needs' : 'Differs from what linedesk needs'} data-testid="router-health">
            <List size="sm">{health.data.routerHealth.differences.map((d, i) => <List.Item key={i}>{d.message}</List.Item>)}</List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
