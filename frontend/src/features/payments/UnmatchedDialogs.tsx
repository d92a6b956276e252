import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { splitErrors } from '../../lib/errors';
import { formatMoney } from '../../lib/format';

export interface Unmatched { id: string; reference: string; amount: number; accountRef: string; phone: string }

const FindCustomers = graphql(`
  query FindCustomersForPayment($search: String!) {
    customers(search: $search, first: 10) { edges { node { id accountNo username fullName phone } } }
  }
`);
const AssignMutation = graphql(`
  mutation AssignUnmatchedPayment($id: ID!, $customerID: ID!) {
    assignUnmatchedPayment(id: $id, customerID: $customerID) { id balanceAfter customer { id username balance } }
  }
`);
const RefundMutation = graphql(`
  mutation RefundUnmatchedPayment($id: ID!, $note: String!) {
    refundUnmatchedPayment(id: $id, note: $note) { id status note }
  }
`);

interface DialogProps { payment: Unmatched; onClose: () => void; onDone: () => void }

/** Books an unmatched payment for the customer staff pick (once: the server refuses a second assignment). */
export function AssignDialog({ payment, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('payments');
  const [search, setSearch] = useState(payment.accountRef || payment.phone);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [found] = useQuery({ query: FindCustomers, variables: { search: search.trim() }, pause: search.trim().length < 2 });
  const [state, assign] = useMutation(AssignMutation);
  const options = (found.data?.customers.edges ?? []).flatMap((e) => (e?.node ? [{
    value: e.node.id, label: `${e.node.accountNo} · ${e.node.username}${e.node.fullName ? ` (${e.node.fullName})` : ''} · ${e.node.phone}`,
  }] : []));
  const submit = async () => {
    if (!chosen) { setError(t('unmatched.chooseCustomer')); return; }
    const r = await assign({ id: payment.id, customerID: chosen });
    if (r.error || !r.data) { setError(splitErrors(r.error).general ?? t('unmatched.notAssigned')); return; }
    const c = r.data.assignUnmatchedPayment.customer;
    notifications.show({ color: 'green', title: t('unmatched.assigned'), message: t('unmatched.assignedText', { username: c.username, balance: formatMoney(c.balance) }) });
    onDone();
  };
  return (
    <Modal opened onClose={onClose} title={t('unmatched.assignTitle', { reference: payment.reference, amount: formatMoney(payment.amount) })}>
      <Stack>
        <TextInput label={t('unmatched.find')} description={t('unmatched.findHint')} value={search}
          onChange={(e) => { setSearch(e.currentTarget.value); setChosen(null); }} data-testid="assign-search" />
        <Select label={t('unmatched.customer')} data={options} value={chosen} onChange={setChosen} placeholder={options.length ? t('unmatched.choose') : t('unmatched.noCustomer')}
          comboboxProps={{ withinPortal: true }} data-testid="assign-customer" />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('unmatched.cancel')}</Button>
          <Button onClick={submit} loading={state.fetching} data-testid="confirm-assign">{t('unmatched.book')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Records (admin) that an unmatched payment was returned to the payer, and how. */
export function RefundDialog({ payment, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('payments');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [state, refund] = useMutation(RefundMutation);
  const submit = async () => {
    const r = await refund({ id: payment.id, note: note.trim() });
    if (r.error) { setError(splitErrors(r.error).general ?? Object.values(splitErrors(r.error).fields).join('; ')); return; }
    onDone();
  };
  return (
    <Modal opened onClose={onClose} title={t('unmatched.refundTitle', { reference: payment.reference })}>
      <Stack>
        <Text size="sm">{t('unmatched.refundText', { amount: formatMoney(payment.amount) })}</Text>
        <Textarea label={t('unmatched.how')} required value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('unmatched.cancel')}</Button>
          <Button color="red" onClick={submit} loading={state.fetching}>{t('unmatched.markRefunded')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
