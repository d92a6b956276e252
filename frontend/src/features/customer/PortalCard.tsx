import { Alert, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, fromNow } from '../../lib/format';

export const PortalCardFragment = graphql(`
  fragment PortalCard_customer on Customer { id username portalLastUsedAt }
`);

const EndPortalSessionsMutation = graphql(`
  mutation EndPortalSessions($customerID: ID!) { endPortalSessions(customerID: $customerID) }
`);

/** endedMessage says how many portal sign-ins ending them ended. */
export function endedMessage(n: number): string {
  if (n === 0) return 'No portal session was open.';
  return n === 1 ? 'Ended 1 portal session.' : `Ended ${n} portal sessions.`;
}

/**
 * The subscriber portal as staff see it: when the customer last used it, and (writers only,
 * `canEnd`) the button that signs the customer out of the portal on every device.
 */
export function PortalCard(props: { customer: FragmentType<typeof PortalCardFragment>; canEnd: boolean }) {
  const c = useFragment(PortalCardFragment, props.customer);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, run] = useMutation(EndPortalSessionsMutation);

  const end = async () => {
    setError(null);
    const r = await run({ customerID: c.id });
    if (r.error || r.data == null) {
      setError(errorMessage(r.error) ?? 'The server did not answer.');
      return;
    }
    const msg = endedMessage(r.data.endPortalSessions);
    setResult(msg);
    setConfirming(false);
    notifications.show({ color: 'green', message: msg });
  };

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={2} size="h4">Subscriber portal</Title>
          <Text size="sm" data-testid="portal-last-used" title={c.portalLastUsedAt ? formatDateTime(c.portalLastUsedAt) : undefined}>
            Portal: {c.portalLastUsedAt ? `last used ${fromNow(c.portalLastUsedAt)}` : 'never used'}
          </Text>
        </div>
        {props.canEnd && (
          <Button variant="default" size="xs" leftSection={<IconLogout size={14} />} onClick={() => { setResult(null); setConfirming(true); }} data-testid="end-portal-sessions">
            End portal sessions
          </Button>
        )}
      </Group>
      {result && <Text size="sm" c="green" mt="xs" role="status" data-testid="portal-sessions-ended">{result}</Text>}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`End ${c.username}'s portal sessions?`}>
        <Stack>
          <Text size="sm">
            The customer is signed out of the subscriber portal on every phone and computer, and must sign in again. The internet
            connection is not affected.
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>Cancel</Button>
            <Button color="red" loading={state.fetching} onClick={end} data-testid="confirm-end-portal-sessions">End sessions</Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
