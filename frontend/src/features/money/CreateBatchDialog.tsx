import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { i18n } from '../../i18n';
import { splitErrors } from '../../lib/errors';
import { formatMoney, parseMoney } from '../../lib/format';
import type { SheetBatch } from './VoucherSheet';

const PlansQuery = graphql(`
  query VoucherPlans { profiles(first: 200, orderBy: { field: PRICE, direction: ASC }) { edges { node { id name price } } } }
`);

// The payload's codes are shown once; the list of batches is refetched (lib/cache.ts).
const CreateBatchMutation = graphql(`
  mutation CreateVoucherBatch($input: VoucherBatchInput!) {
    createVoucherBatch(input: $input) { codes sheetPDF batch { id count amount expiresAt agent dataBytes profile { id name } } }
  }
`);

export interface BatchForm {
  count: number | string; kind: string; amount: string; profileID: string | null; expires: string; agent: string;
  /** data each voucher carries as well, in decimal GB ('' for none) */
  dataGB?: number | string;
}

/** dataBytes of the input: decimal GB as plans are sold, null for none. */
export function batchDataBytes(gb: number | string | undefined): number | null {
  return gb === '' || gb == null || Number(gb) <= 0 ? null : Math.round(Number(gb) * 1e9);
}

export function validateBatch(v: BatchForm, today = new Date().toISOString().slice(0, 10)) {
  const count = Number(v.count);
  const amount = parseMoney(v.amount);
  return {
    count: Number.isInteger(count) && count >= 1 && count <= 1000 ? null : i18n.t('money:batch.countInvalid'),
    amount: v.kind !== 'amount' ? null : amount == null || amount <= 0 ? i18n.t('money:batch.amountInvalid') : null,
    profileID: v.kind === 'plan' && !v.profileID ? i18n.t('money:batch.planMissing') : null,
    expires: /^\d{4}-\d{2}-\d{2}$/.test(v.expires) && v.expires > today ? null : i18n.t('money:batch.expiresInvalid'),
    dataGB: v.dataGB === '' || v.dataGB == null || (Number(v.dataGB) > 0 && Number(v.dataGB) <= 100000) ? null : i18n.t('money:batch.dataInvalid'),
  };
}

/** Makes a batch of vouchers worth an amount or a plan's period; hands the codes to the sheet. */
export function CreateBatchDialog({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (b: SheetBatch, codes: string[], pdf: string) => void }) {
  const { t } = useTranslation('money');
  const [plans] = useQuery({ query: PlansQuery, pause: !opened });
  const [state, run] = useMutation(CreateBatchMutation);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<BatchForm>({
    initialValues: { count: 10, kind: 'amount', amount: '', profileID: null, expires: '', agent: '', dataGB: '' },
    validate: (v) => validateBatch(v),
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  const options = (plans.data?.profiles.edges ?? []).flatMap((e) => (e?.node ? [{ value: e.node.id, label: `${e.node.name} (${formatMoney(e.node.price)})` }] : []));
  return (
    <Modal opened={opened} onClose={close} title={t('batch.title')}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const plan = v.kind === 'plan';
          const r = await run({
            input: {
              count: Number(v.count), amount: plan ? null : parseMoney(v.amount), profileID: plan ? v.profileID : null,
              // the end of the chosen day in the browser's time zone
              expiresAt: new Date(`${v.expires}T23:59:59`).toISOString(), agent: v.agent.trim() || null,
              dataBytes: batchDataBytes(v.dataGB),
            },
          });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            // the server names its input's fields; the form calls the expiry `expires`
            const { expiresAt, ...fields } = s.fields;
            form.setErrors(expiresAt ? { ...fields, expires: expiresAt } : fields);
            setError(s.general ?? (Object.keys(fields).some((k) => !(k in v)) ? Object.values(fields).join('; ') : null));
            return;
          }
          onCreated(r.data.createVoucherBatch.batch, r.data.createVoucherBatch.codes, r.data.createVoucherBatch.sheetPDF);
          close();
        })}
      >
        <Stack>
          <NumberInput label={t('batch.count')} required min={1} max={1000} {...form.getInputProps('count')} data-testid="batch-count" />
          <SegmentedControl data={[{ value: 'amount', label: t('batch.kindAmount') }, { value: 'plan', label: t('batch.kindPlan') }]} {...form.getInputProps('kind')} />
          {form.values.kind === 'amount' ? (
            <TextInput label={t('batch.amount')} required inputMode="decimal" {...form.getInputProps('amount')} data-testid="batch-amount" />
          ) : (
            <Select label={t('batch.plan')} required data={options} {...form.getInputProps('profileID')} comboboxProps={{ withinPortal: true }} data-testid="batch-plan" />
          )}
          <NumberInput label={t('batch.data')} description={t('batch.dataHint')}
            min={0} decimalScale={2} {...form.getInputProps('dataGB')} data-testid="batch-data" />
          <TextInput label={t('batch.expires')} type="date" required {...form.getInputProps('expires')} data-testid="batch-expires" />
          <TextInput label={t('batch.agent')} description={t('batch.agentHint')} {...form.getInputProps('agent')} data-testid="batch-agent" />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('cancel')}</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-batch">{t('batch.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
