import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { splitErrors } from '../../../lib/errors';
import { formatMoney } from '../../../lib/format';

export const TopUpDialogFragment = graphql(`
  fragment TopUpDialog_customer on Customer { id username }
`);

// The price comes from the balance (ledger kind TOPUP) at the topup_price_per_gb setting; a
// customer on the after-cap plan is moved back to the full plan by CoA.
const TopUpMutation = graphql(`
  mutation TopUpData($customerID: ID!, $dataBytes: Int!) {
    topUpData(customerID: $customerID, dataBytes: $dataBytes) {
      dataBytes capLifted transaction { id }
      customer { id balance connectionStatus usage { periodStart bytesIn bytesOut limitBytes } }
    }
  }
`);

const GB = 1_000_000_000;

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof TopUpDialogFragment>;
}

/** Sells the customer extra data for the current period, paid from the balance. */
export function TopUpDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(TopUpDialogFragment, props.customer);
  const [state, run] = useMutation(TopUpMutation);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { gigabytes: 5 as number | string },
    validate: { gigabytes: (v) => (Number(v) > 0 ? null : 'Enter the data to add, in GB') },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Data top-up for ${customer.username}`}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({ customerID: customer.id, dataBytes: Math.round(Number(v.gigabytes) * GB) });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            setError(s.general ?? Object.values(s.fields)[0] ?? 'The top-up failed');
            return;
          }
          const t = r.data.topUpData;
          notifications.show({
            color: 'green',
            title: 'Data added',
            message: `Balance now ${formatMoney(t.customer.balance)}${t.capLifted ? '; the full plan is restored' : ''}`,
          });
          close();
        })}
      >
        <Stack>
          <NumberInput label="Data (GB)" min={0.1} step={1} decimalScale={1} required {...form.getInputProps('gigabytes')} data-testid="topup-gb" />
          <Text size="sm" c="dimmed">Charged from the balance at the top-up price per GB (Settings); counts for the current period only.</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-topup">Add data</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
