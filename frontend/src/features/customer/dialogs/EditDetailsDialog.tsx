import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { splitErrors } from '../../../lib/errors';
import { normalizeMac, validateEmail, validateIPv4, validateMac, validatePhone } from '../../../lib/validate';
import { IPv6Fields } from '../../ipv6/IPv6Fields';
import { inheritedIPv6, ipv6Input, ipv6Values, validateIPv6, type IPv6Values } from '../../ipv6/ipv6';

export const EditDetailsDialogFragment = graphql(`
  fragment EditDetailsDialog_customer on Customer {
    id username phone fullName email address staticIP macLock autoRenew maxSessions
    ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }
    profile { id ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool framedPrefixPool { id name } delegatedPrefixPool { id name } } }
  }
`);

const UpdateCustomerMutation = graphql(`
  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) { id ...EditDetailsDialog_customer ...AccountCard_customer ...CustomerHeader_customer }
  }
`);

type Values = {
  phone: string; fullName: string; email: string; address: string; staticIp: string; macLock: string; autoRenew: boolean; maxSessions: number;
};

/** updateCustomer's input: a field left empty clears it. */
export function detailsInput(v: Values) {
  return {
    phone: v.phone.trim(),
    ...(v.fullName.trim() ? { fullName: v.fullName.trim() } : { clearFullName: true }),
    ...(v.email.trim() ? { email: v.email.trim() } : { clearEmail: true }),
    ...(v.address.trim() ? { address: v.address.trim() } : { clearAddress: true }),
    ...(v.staticIp.trim() ? { staticIp: v.staticIp.trim() } : { clearStaticIp: true }),
    ...(v.macLock.trim() ? { macLock: normalizeMac(v.macLock) } : { clearMacLock: true }),
    autoRenew: v.autoRenew,
    maxSessions: v.maxSessions,
  };
}

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof EditDetailsDialogFragment>;
}

/** Edits the account's contact and line details. */
export function EditDetailsDialog({ opened, onClose, ...props }: Props) {
  const c = useFragment(EditDetailsDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(UpdateCustomerMutation);
  const [error, setError] = useState<string | null>(null);
  const init = (): Values & { ipv6: IPv6Values } => ({
    phone: c.phone, fullName: c.fullName ?? '', email: c.email ?? '', address: c.address ?? '',
    staticIp: c.staticIP ?? '', macLock: c.macLock ?? '', autoRenew: c.autoRenew, maxSessions: c.maxSessions,
    ipv6: ipv6Values(c.ipv6),
  });
  const form = useForm({
    initialValues: init(),
    validate: (v) => ({
      phone: validatePhone(v.phone), email: validateEmail(v.email), staticIp: validateIPv4(v.staticIp), macLock: validateMac(v.macLock),
      ...validateIPv6(v.ipv6),
    }),
  });
  useEffect(() => {
    if (opened) form.setValues(init());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onClose} title={t('edit.title', { username: c.username })} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({ id: c.id, input: { ...detailsInput(v), ipv6: ipv6Input(v.ipv6) } });
          if (r.error) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', message: t('edit.saved') });
          onClose();
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('account.phone')} required {...form.getInputProps('phone')} />
          <TextInput label={t('edit.fullName')} {...form.getInputProps('fullName')} />
          <TextInput label={t('account.email')} {...form.getInputProps('email')} />
          <TextInput label={t('account.address')} {...form.getInputProps('address')} />
          <TextInput label={t('account.staticIP')} {...form.getInputProps('staticIp')} />
          <TextInput label={t('account.macLock')} {...form.getInputProps('macLock')} />
          <NumberInput label={t('account.maxSessions')} min={1} max={10} {...form.getInputProps('maxSessions')} />
          <Switch mt="lg" label={t('account.autoRenew')} {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
        </SimpleGrid>
        <IPv6Fields inputProps={form.getInputProps} inherited={inheritedIPv6(c.profile.ipv6)} legend={t('edit.ipv6Legend')} />
        {error && <Alert color="red" role="alert" mt="sm">{error}</Alert>}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>{t('misc.cancel')}</Button>
          <Button type="submit" loading={state.fetching}>{t('edit.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
