import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatBytes, formatDateTime, formatDuration, fromNow, sessionDuration } from '../../lib/format';
import { Field } from './Field';

export const CurrentSessionFragment = graphql(`
  fragment CurrentSession_session on Session {
    id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name }
  }
`);

export const CurrentSessionCardFragment = graphql(`
  fragment CurrentSessionCard_customer on Customer { id currentSession { ...CurrentSession_session } }
`);

/** The open session with its live counters; the uptime counts up between interim updates. */
export function CurrentSessionCard(props: { customer: FragmentType<typeof CurrentSessionCardFragment> }) {
  const c = useFragment(CurrentSessionCardFragment, props.customer);
  const { t } = useTranslation('customer');
  const session = useFragment(CurrentSessionFragment, c.currentSession);
  const open = session?.open;
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [open]);
  const uptime = session ? sessionDuration(session) : 0;
  return (
    <Card withBorder padding="lg" h="100%" data-testid="current-session">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">{t('session.title')}</Title>
        {open && <Badge color="green" leftSection={<span className="live-dot" />}>{t('session.live')}</Badge>}
      </Group>
      {!open || !session ? (
        <Text c="dimmed" size="sm">{t('session.notConnected')}</Text>
      ) : (
        <SimpleGrid cols={2} spacing="sm">
          <Field label={t('session.ip')}><span className="mono" data-testid="session-ip">{session.framedIp}</span></Field>
          <Field label={t('session.mac')}><span className="mono">{session.callingStationId}</span></Field>
          <Field label={t('session.nas')}>{session.nas.name}</Field>
          <Field label={t('session.uptime')}><span data-testid="session-uptime">{formatDuration(uptime)}</span></Field>
          <Field label={t('session.downloaded')}><span data-testid="session-bytes-out">{formatBytes(session.bytesOut)}</span></Field>
          <Field label={t('session.uploaded')}><span data-testid="session-bytes-in">{formatBytes(session.bytesIn)}</span></Field>
          <Field label={t('session.started')}>{formatDateTime(session.startedAt)}</Field>
          <Field label={t('session.lastUpdate')}>{fromNow(session.updatedAt)}</Field>
        </SimpleGrid>
      )}
    </Card>
  );
}
