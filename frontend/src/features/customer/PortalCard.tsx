import { Alert, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { i18n } from '../../i18n';
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
  return n === 0 ? i18n.t('customer:portal.noneOpen') : i18n.t('customer:portal.ended', { count: n });
}

/**
 * The subscriber portal as staff see it: when the customer last used it, and (writers only,
 * `canEnd`) the button that signs the customer out of the portal on every device.
 */
export function PortalCard(props: { customer: FragmentType<typeof PortalCardFragment>; canEnd: boolean }) {
  const c = useFragment(PortalCardFragment, props.customer);
  const { t } = useTranslation('customer');
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, run] = useMutation(EndPortalSessionsMutation);

  const end = async () => {
    setError(null);
    const r = await run({ customerID: c.id });
    if (r.error || r.data == null) {
      setError(errorMessage(r.error) ?? t('misc.noAnswer'));
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
          <Title order={2} size="h4">{t('portal.title')}</Title>
          <Text size="sm" data-testid="portal-last-used" title={c.portalLastUsedAt ? formatDateTime(c.portalLastUsedAt) : undefined}>
            {c.portalLastUsedAt ? t('portal.lastUsed', { when: fromNow(c.portalLastUsedAt) }) : t('portal.neverUsed')}
          </Text>
        </div>
        {props.canEnd && (
          <Button variant="default" size="xs" leftSection={<IconLogout size={14} />} onClick={() => { setResult(null); setConfirming(true); }} data-testid="end-portal-sessions">
            {t('portal.end')}
          </Button>
        )}
      </Group>
      {result && <Text size="sm" c="green" mt="xs" role="status" data-testid="portal-sessions-ended">{result}</Text>}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('portal.confirmTitle', { username: c.username })}>
        <Stack>
          <Text size="sm">
            {t('portal.confirmText')}
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>{t('misc.cancel')}</Button>
            <Button color="red" loading={state.fetching} onClick={end} data-testid="confirm-end-portal-sessions">{t('portal.endConfirm')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
