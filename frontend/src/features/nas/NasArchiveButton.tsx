import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { useCan } from '../../lib/roles';

const ArchiveNas = graphql(`
  mutation ArchiveNas($id: ID!) { archiveNas(id: $id) { id archivedAt } }
`);
const RestoreNas = graphql(`
  mutation RestoreNas($id: ID!) { restoreNas(id: $id) { id archivedAt } }
`);

/**
 * Archives a router (RADIUS stops answering it; its sessions and history stay), or restores an
 * archived one. A router with open sessions is refused by the server, which says why.
 */
export function NasArchiveButton({ nas, onDone }: { nas: { id: string; name: string; archivedAt?: string | null }; onDone?: () => void }) {
  const { t } = useTranslation('nas');
  const [archiving, archive] = useMutation(ArchiveNas);
  const [restoring, restore] = useMutation(RestoreNas);
  if (!useCan('archiveNas')) return null;
  const archived = !!nas.archivedAt;
  return (
    <Button
      size="xs"
      variant="subtle"
      color={archived ? 'green' : 'gray'}
      leftSection={archived ? <IconArchiveOff size={14} /> : <IconArchive size={14} />}
      loading={archiving.fetching || restoring.fetching}
      aria-label={archived ? t('archive.restoreNamed', { name: nas.name }) : t('archive.archiveNamed', { name: nas.name })}
      data-testid={`nas-${archived ? 'restore' : 'archive'}-${nas.name}`}
      onClick={async () => {
        if (!archived && !window.confirm(t('archive.confirm', { name: nas.name }))) return;
        const r = archived ? await restore({ id: nas.id }) : await archive({ id: nas.id });
        notifications.show(
          r.error
            ? { color: 'red', message: errorMessage(r.error) }
            : { color: 'green', message: archived ? t('archive.restored', { name: nas.name }) : t('archive.archived', { name: nas.name }) },
        );
        if (!r.error) onDone?.();
      }}
    >
      {archived ? t('archive.restore') : t('archive.archive')}
    </Button>
  );
}
