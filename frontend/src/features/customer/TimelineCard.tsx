import { Badge, Button, Card, Group, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { TimelineKind } from '../../gql/graphql';
import { QueryError } from '../../components/QueryState';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCan } from '../../lib/roles';

export const TimelineQuery = graphql(`
  query CustomerTimeline($id: ID!) {
    customer(id: $id) { id timeline(limit: 50) { at kind title detail actor amount } }
  }
`);

const AddNoteMutation = graphql(`
  mutation AddCustomerNote($customerID: ID!, $body: String!) {
    addCustomerNote(customerID: $customerID, body: $body) { at kind title detail actor }
  }
`);

/** Each timeline kind's colour; its label is customer:timeline.kind.<KIND>. */
export const kindColors: Record<TimelineKind, string> = {
  NOTE: 'blue',
  PLAN_CHANGE: 'violet',
  PAYMENT: 'green',
  CHARGE: 'teal',
  DISCONNECT: 'red',
  REMINDER: 'cyan',
  STATUS: 'orange',
  ACCOUNT: 'gray',
};

/** The customer's timeline: staff notes and system events, newest first, and a box to add a note. */
export function TimelineCard({ customerID }: { customerID: string }) {
  const { t } = useTranslation('customer');
  const [res, refetch] = useQuery({ query: TimelineQuery, variables: { id: customerID } });
  const [add, run] = useMutation(AddNoteMutation);
  const canNote = useCan('addCustomerNote');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const entries = res.data?.customer?.timeline ?? [];

  const save = async () => {
    setError(null);
    const r = await run({ customerID, body });
    if (r.error) {
      setError(errorMessage(r.error));
      return;
    }
    setBody('');
    notifications.show({ color: 'green', message: t('timeline.added') });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card withBorder padding="lg" mt="md" data-testid="timeline">
      <Title order={4} mb="sm">{t('timeline.title')}</Title>
      {canNote && (
        <Stack gap="xs" mb="md">
          <Textarea
            aria-label={t('timeline.newNote')}
            placeholder={t('timeline.placeholder')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            error={error}
            data-testid="note-input"
          />
          <Group justify="flex-end">
            <Button size="xs" onClick={save} loading={add.fetching} disabled={!body.trim()} data-testid="add-note">
              {t('timeline.add')}
            </Button>
          </Group>
        </Stack>
      )}
      <QueryError error={res.error} />
      {entries.length === 0 && !res.fetching && <Text size="sm" c="dimmed">{t('timeline.empty')}</Text>}
      <Timeline bulletSize={14} lineWidth={2}>
        {entries.map((e, i) => {
          const kind = kindColors[e.kind] ? e.kind : 'ACCOUNT';
          const color = kindColors[kind];
          return (
            <Timeline.Item
              key={`${e.at}-${i}`}
              color={color}
              data-kind={e.kind}
              title={
                <Group gap="xs">
                  <Badge size="xs" variant="light" color={color}>{t(`timeline.kind.${kind}`)}</Badge>
                  <Text size="sm" fw={500}>{e.title}</Text>
                  {e.amount != null && <Text size="sm" className="mono">{formatMoney(e.amount)}</Text>}
                </Group>
              }
            >
              {e.detail && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{e.detail}</Text>}
              <Text size="xs" c="dimmed">{formatDateTime(e.at)} · {e.actor}</Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Card>
  );
}
