import { Alert, Button, Card, Code, CopyButton, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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

// Product names, the same in every language.
const ROS6 = 'RouterOS 6';
const ROS7 = 'RouterOS 7';

/** Saves text as a file the browser downloads. */
const download = (name: string, text: string) => downloadText(name, text, 'text/plain');

/**
 * The router's configuration as linedesk needs it (docs/NETWORK.md): the .rsc to copy or
 * download, and over the API a dry run, apply, and a check shown as the router's health.
 */
export function RouterConfigCard(props: { nasId: string; name: string; hasApi: boolean }) {
  const { t } = useTranslation(['nas', 'common']);
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
            <Title order={2} size="h4">{t('config.title')}</Title>
            <Text size="sm" c="dimmed" maw={720}>
              {t('config.text', { name: props.name })}
              {s?.detected ? ` ${t('config.detected', { version: s.version })}` : ''}
            </Text>
          </div>
          <SegmentedControl size="xs" value={version} onChange={setVersion} data={[{ label: t('config.auto'), value: 'auto' }, { label: ROS6, value: '6' }, { label: ROS7, value: '7' }]} />
        </Group>
        {script.error && <Alert color="red">{script.error.graphQLErrors[0]?.message ?? script.error.message}</Alert>}
        {s && (
          <>
            <Group gap="xs">
              <CopyButton value={s.script}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
                    {copied ? t('copied') : t('common:actions.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} onClick={() => download(`linedesk-${props.name}.rsc`, s.script)} data-testid="download-rsc">
                {t('config.download')}
              </Button>
            </Group>
            <Code block data-testid="router-config-script" style={{ whiteSpace: 'pre', overflowX: 'auto', maxHeight: 360 }}>{s.script}</Code>
          </>
        )}
        {props.hasApi && (
          <Group gap="xs">
            {canDry && <Button size="xs" variant="default" onClick={() => runDry()} loading={dry.fetching}>{t('config.dryRun')}</Button>}
            {canApply && dry.data && (
              <Button size="xs" color="orange" onClick={() => void apply({ nasId: props.nasId }).then(() => runHealth())} loading={applied.fetching} disabled={dry.data.routerConfigDryRun.length === 0}>
                {t('config.apply', { count: dry.data.routerConfigDryRun.length })}
              </Button>
            )}
            {canCheck && <Button size="xs" variant="default" onClick={() => runHealth()} loading={health.fetching} data-testid="router-check">{t('config.check')}</Button>}
          </Group>
        )}
        {(dry.error || applied.error || health.error) && (
          <Alert color="red">{(dry.error ?? applied.error ?? health.error)?.graphQLErrors[0]?.message ?? t('config.unreachable')}</Alert>
        )}
        {changes && (
          <div>
            <Text size="sm" fw={500}>{changes.length === 0 ? (applied.data ? t('config.appliedNothing') : t('config.wouldChangeNothing')) : (applied.data ? t('config.applied') : t('config.wouldChange'))}</Text>
            <List size="sm">{changes.map((c, i) => <List.Item key={i}>{c.description}</List.Item>)}</List>
          </div>
        )}
        {health.data && (
          <Alert color={health.data.routerHealth.ok ? 'teal' : 'orange'} title={health.data.routerHealth.ok ? t('config.ok') : t('config.differs')} data-testid="router-health">
            <List size="sm">{health.data.routerHealth.differences.map((d, i) => <List.Item key={i}>{d.message}</List.Item>)}</List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
