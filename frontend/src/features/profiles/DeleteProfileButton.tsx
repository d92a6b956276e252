import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { i18n } from '../../i18n';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { useCan } from '../../lib/roles';

const DeleteProfile = graphql(`
  mutation DeleteProfile($id: ID!) { deleteProfile(id: $id) }
`);

/** Why a plan cannot be deleted now, or null when it can. */
export function deleteBlocker(customersCount: number): string | null {
  if (customersCount === 0) return null;
  return i18n.t('delete.blocker', { ns: 'profiles', count: customersCount });
}

/** Deletes a plan no customer uses; otherwise disabled, saying to move the customers first. */
export function DeleteProfileButton({ profile, onDone }: { profile: { id: string; name: string; customersCount: number }; onDone?: () => void }) {
  const { t } = useTranslation(['profiles', 'common']);
  const [state, run] = useMutation(DeleteProfile);
  if (!useCan('deleteProfile')) return null;
  const blocker = deleteBlocker(profile.customersCount);
  return (
    <Tooltip label={blocker} disabled={!blocker} multiline w={260}>
      <span>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={14} />}
          disabled={!!blocker}
          loading={state.fetching}
          aria-label={t('delete.named', { name: profile.name })}
          data-testid={`delete-profile-${profile.name}`}
          onClick={async () => {
            if (!window.confirm(t('delete.confirm', { name: profile.name }))) return;
            const r = await run({ id: profile.id }, { additionalTypenames: ['Profile'] });
            notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('delete.done', { name: profile.name }) });
            if (!r.error) onDone?.();
          }}
        >
          {t('common:actions.delete')}
        </Button>
      </span>
    </Tooltip>
  );
}
