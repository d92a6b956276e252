import { Badge, Button, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { CreateBatchDialog } from '../features/money/CreateBatchDialog';
import { VoucherSheet, voucherValue, type SheetBatch } from '../features/money/VoucherSheet';
import { errorMessage } from '../lib/errors';
import { formatBytes, formatDate } from '../lib/format';
import { useIsAdmin } from '../lib/me';

export const VoucherBatchesQuery = graphql(`
  query VoucherBatches($includeVoided: Boolean) {
    voucherBatches(includeVoided: $includeVoided) {
      issued sold redeemed available expired void
      batch { id count amount expiresAt agent createdAt createdBy voidedAt dataBytes profile { id name } }
    }
  }
`);

const VoidMutation = graphql(`
  mutation VoidVoucherBatch($id: ID!) { voidVoucherBatch(id: $id) { id voidedAt } }
`);

function VoidButton({ id }: { id: string }) {
  const { t } = useTranslation('money');
  const [state, run] = useMutation(VoidMutation);
  return (
    <Button size="compact-xs" color="red" variant="subtle" loading={state.fetching} data-testid="void-batch"
      onClick={async () => {
        if (!window.confirm(t('vouchers.voidConfirm'))) return;
        const r = await run({ id });
        notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: t('vouchers.voided') });
      }}>
      {t('vouchers.void')}
    </Button>
  );
}

/** Recharge vouchers: batches, what became of their cards, a new batch and its printable sheet. */
export function VouchersPage() {
  const { t } = useTranslation('money');
  const isAdmin = useIsAdmin();
  const [includeVoided, setIncludeVoided] = useState(false);
  const [res] = useQuery({ query: VoucherBatchesQuery, variables: { includeVoided } });
  const [creating, setCreating] = useState(false);
  const [sheet, setSheet] = useState<{ batch: SheetBatch; codes: string[]; pdf: string } | null>(null);
  const rows = res.data?.voucherBatches ?? [];
  return (
    <>
      <PageHeader title={t('vouchers.title')} subtitle={t('vouchers.subtitle')}
        actions={isAdmin && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-batch">{t('vouchers.newBatch')}</Button>} />
      <Switch label={t('vouchers.showVoided')} checked={includeVoided} onChange={(e) => setIncludeVoided(e.currentTarget.checked)} mb="sm" />
      <QueryError error={res.error} />
      {res.fetching && !res.data ? <Loading /> : rows.length === 0 ? (
        <Text c="dimmed" size="sm">{t('vouchers.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="voucher-batches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vouchers.made')}</Table.Th><Table.Th>{t('vouchers.value')}</Table.Th><Table.Th>{t('batch.agent')}</Table.Th><Table.Th>{t('batch.expires')}</Table.Th>
                <Table.Th ta="right">{t('vouchers.issued')}</Table.Th><Table.Th ta="right">{t('vouchers.sold')}</Table.Th><Table.Th ta="right">{t('vouchers.redeemed')}</Table.Th>
                <Table.Th ta="right">{t('vouchers.available')}</Table.Th><Table.Th ta="right">{t('vouchers.expired')}</Table.Th><Table.Th ta="right">{t('vouchers.voidCount')}</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.batch.id}>
                  <Table.Td>{formatDate(r.batch.createdAt)}<Text size="xs" c="dimmed">{r.batch.createdBy}</Text></Table.Td>
                  <Table.Td>
                    {voucherValue(r.batch)}
                    {r.batch.dataBytes ? <Text size="xs" c="dimmed" data-testid="batch-data-bytes">{t('vouchers.plusData', { size: formatBytes(r.batch.dataBytes) })}</Text> : null}
                  </Table.Td>
                  <Table.Td>{r.batch.agent ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(r.batch.expiresAt)}</Table.Td>
                  <Table.Td ta="right">{r.issued}</Table.Td>
                  <Table.Td ta="right">{r.sold}</Table.Td>
                  <Table.Td ta="right" data-testid="batch-redeemed">{r.redeemed}</Table.Td>
                  <Table.Td ta="right">{r.available}</Table.Td>
                  <Table.Td ta="right">{r.expired}</Table.Td>
                  <Table.Td ta="right">{r.void}</Table.Td>
                  <Table.Td>
                    {r.batch.voidedAt ? <Badge color="gray" variant="light">{t('vouchers.voidedBadge')}</Badge> : isAdmin && r.available > 0 && <VoidButton id={r.batch.id} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateBatchDialog opened={creating} onClose={() => setCreating(false)} onCreated={(batch, codes, pdf) => setSheet({ batch, codes, pdf })} />
      <VoucherSheet batch={sheet?.batch ?? null} codes={sheet?.codes ?? []} pdf={sheet?.pdf} onClose={() => setSheet(null)} />
    </>
  );
}
