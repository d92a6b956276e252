import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { OutcomeList, type SessionActionView } from '../../../components/Outcome';
import { ProfileOptionsQuery } from '../../../pages/CustomersPage';
import { errorMessage } from '../../../lib/errors';
import { formatMoney, formatSpeed } from '../../../lib/format';

export const ChangeProfileDialogFragment = graphql(`
  fragment ChangeProfileDialog_customer on Customer { id profile { id } }
`);

// The answer carries what the plan changes on the page: the plan card, the balance card's
// renewal price and the usage card's cap.
const ChangeProfileMutation = graphql(`
  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {
    changeCustomerProfile(id: $id, profileID: $profileID) {
      customer { id profile { id name } ...ProfileCard_customer ...BalanceCard_customer ...UsageCard_customer }
      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }
    }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof ChangeProfileDialogFragment>;
}

/** Moves the customer to another plan, applied live to its sessions (CoA or reconnect). */
export function ChangeProfileDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(ChangeProfileDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [profiles] = useQuery({ query: ProfileOptionsQuery, pause: !opened });
  const [state, run] = useMutation(ChangeProfileMutation);
  const [value, setValue] = useState<string | null>(customer.profile.id);
  const [result, setResult] = useState<{ name: string; sessions: SessionActionView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) setValue(customer.profile.id);
  }, [opened, customer.profile.id]);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  const options = (profiles.data?.profiles.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name} · ↓${formatSpeed(e.node.downloadKbps)} ↑${formatSpeed(e.node.uploadKbps)} · ${formatMoney(e.node.price)}` }] : [],
  );
  return (
    <Modal opened={opened} onClose={close} title={t('actions.editProfile')} size="lg">
      {result ? (
        <Stack>
          <Alert color="green">{t('changeProfile.nowOn', { name: result.name })}</Alert>
          <OutcomeList actions={result.sessions} empty={t('changeProfile.notOnline')} />
          <Group justify="flex-end"><Button onClick={close}>{t('misc.close')}</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Select label={t('profile.title')} data={options} value={value} onChange={setValue} searchable data-testid="profile-select" comboboxProps={{ withinPortal: true }} />
          <Text size="xs" c="dimmed">
            {t('changeProfile.text')}
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button
              loading={state.fetching}
              disabled={!value || value === customer.profile.id}
              data-testid="confirm-profile"
              onClick={async () => {
                const r = await run({ id: customer.id, profileID: value! });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else setResult({ name: r.data.changeCustomerProfile.customer.profile.name, sessions: r.data.changeCustomerProfile.sessions });
              }}
            >
              {t('changeProfile.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
