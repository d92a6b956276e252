import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { i18n } from '../../../i18n';
import { splitErrors } from '../../../lib/errors';
import { formatMoney } from '../../../lib/format';

export const RedeemVoucherDialogFragment = graphql(`
  fragment RedeemVoucherDialog_customer on Customer { id username }
`);

// The payment heads the customer's ledger (cacheUpdates.ts); the customer's balance and
// expiry come back with it (a plan voucher renews).
const RedeemMutation = graphql(`
  mutation RedeemVoucher($customerID: ID!, $code: String!) {
    redeemVoucher(customerID: $customerID, code: $code) {
      id balanceAfter ...LedgerRow_transaction customer { id balance expiresAt connectionStatus accessState }
    }
  }
`);

/** What a voucher code looks like (shown as the example, never translated). */
const VOUCHER_EXAMPLE = 'ABCD-EFGH-JKMN-PQRS';

/** 16 letters and digits, dashes and spaces forgiven (vouchers.Normalize). */
export function validateCode(code: string) {
  const c = code.replace(/[\s-]/g, '');
  if (!c) return i18n.t('customer:voucher.missing');
  return c.length === 16 ? null : i18n.t('customer:voucher.invalid', { example: VOUCHER_EXAMPLE });
}

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof RedeemVoucherDialogFragment>;
}

/** Redeems a recharge voucher for the customer (staff side). */
export function RedeemVoucherDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(RedeemVoucherDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(RedeemMutation);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { code: '' }, validate: { code: validateCode } });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('voucher.title', { username: customer.username })}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({ customerID: customer.id, code: v.code.trim() });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', title: t('voucher.redeemed'),
            message: t('payment.balanceNow', { balance: formatMoney(r.data.redeemVoucher.customer.balance) }),
          });
          close();
        })}
      >
        <Stack>
          <TextInput label={t('voucher.code')} required autoComplete="off" className="mono" placeholder={VOUCHER_EXAMPLE}
            {...form.getInputProps('code')} data-testid="voucher-code" />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-voucher">{t('voucher.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
