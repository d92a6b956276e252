import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff } from '@tabler/icons-react';
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
      aria-label={`${archived ? 'Restore' : 'Archive'} ${nas.name}`}
      data-testid={`nas-${archived ? 'restore' : 'archive'}-${nas.name}`}
      onClick={async () => {
        if (!archived && !window.confirm(`Archive ${nas.name}? RADIUS stops answering it until it is restored; its history is kept.`)) return;
        const r = archived ? await restore({ id: nas.id }) : await archive({ id: nas.id });
        notifications.show(
          r.error
            ? { color: 'red', message: errorMessage(r.error) }
            : { color: 'green', message: `${nas.name} ${archived ? 'restored' : 'archived'}` },
        );
        if (!r.error) onDone?.();
      }}
    >
      {archived ? 'Restore' : 'Archive'}
    </Button>
  );
}
