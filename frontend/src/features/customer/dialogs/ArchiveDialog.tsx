import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { errorMessage } from '../../../lib/errors';

export const ArchiveDialogFragment = graphql(`
  fragment ArchiveDialog_customer on Customer { id username connectionStatus }
`);

const ArchiveMutation = graphql(`
  mutation ArchiveCustomer($id: ID!) {
    archiveCustomer(id: $id) {
      customer { id status connectionStatus accessState archivedAt }
      sessions { outcome message }
    }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof ArchiveDialogFragment>;
}

/** Archives the customer: out of lists, counts and RADIUS, open sessions disconnected; ledger kept. */
export function ArchiveDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(ArchiveDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(ArchiveMutation);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('archive.title', { username: customer.username })}>
      <Stack>
        <Text size="sm">
          {t('archive.text')}
        </Text>
        {customer.connectionStatus === 'ONLINE' && (
          <Alert color="orange">{t('archive.online')}</Alert>
        )}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('misc.cancel')}</Button>
          <Button
            color="gray"
            loading={state.fetching}
            data-testid="confirm-archive"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error) {
                setError(errorMessage(r.error));
                return;
              }
              const failed = (r.data?.archiveCustomer.sessions ?? []).filter((s) => s.outcome !== 'ACK' && s.outcome !== 'API_REMOVED');
              notifications.show({
                color: failed.length ? 'orange' : 'green',
                message: failed.length
                  ? t('archive.doneUnconfirmed', { username: customer.username, reasons: failed.map((s) => s.message ?? s.outcome).join(', ') })
                  : t('archive.done', { username: customer.username }),
              });
              onClose();
            }}
          >
            {t('actions.archive')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
