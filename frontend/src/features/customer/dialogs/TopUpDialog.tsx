import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
      dataBytes capLifted
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
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(TopUpMutation);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { gigabytes: 5 as number | string },
    validate: { gigabytes: (v) => (Number(v) > 0 ? null : t('topUp.missing')) },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('topUp.title', { username: customer.username })}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({ customerID: customer.id, dataBytes: Math.round(Number(v.gigabytes) * GB) });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            setError(s.general ?? Object.values(s.fields)[0] ?? t('topUp.failed'));
            return;
          }
          const up = r.data.topUpData;
          const balance = formatMoney(up.customer.balance);
          notifications.show({
            color: 'green',
            title: t('topUp.added'),
            message: up.capLifted ? t('topUp.balanceRestored', { balance }) : t('payment.balanceNow', { balance }),
          });
          close();
        })}
      >
        <Stack>
          <NumberInput label={t('topUp.data')} min={0.1} step={1} decimalScale={1} required {...form.getInputProps('gigabytes')} data-testid="topup-gb" />
          <Text size="sm" c="dimmed">{t('topUp.text')}</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-topup">{t('topUp.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
