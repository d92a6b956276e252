import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { downloadBase64, downloadText } from '../../lib/download';
import { formatDate, formatMoney, isoDate } from '../../lib/format';

export interface SheetBatch {
  id: string;
  amount: number;
  expiresAt: string;
  agent?: string | null;
  profile?: { name: string } | null;
}

/** What one card of the batch is worth, as printed on it. */
export function voucherValue(b: { amount: number; profile?: { name: string } | null }) {
  return b.profile ? i18n.t('money:sheet.planValue', { plan: b.profile.name }) : formatMoney(b.amount);
}

/**
 * The codes of a new batch as a sheet of cards, shown this once (only their hashes are kept):
 * print it (the print style shows the sheet alone) or save the codes as CSV for the agent.
 */
export function VoucherSheet({ batch, codes, pdf, isp, onClose }: { batch: SheetBatch | null; codes: string[]; pdf?: string; isp?: string; onClose: () => void }) {
  const { t } = useTranslation('money');
  const value = batch ? voucherValue(batch) : '';
  return (
    <Modal opened={batch != null} onClose={onClose} size="xl" title={t('sheet.title')}>
      {batch && (
        <Stack>
          <Group>
            <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()} data-testid="print-sheet">{t('sheet.print')}</Button>
            {pdf && (
              <Button variant="default" leftSection={<IconFileTypePdf size={16} />} data-testid="sheet-pdf"
                onClick={() => downloadBase64(`vouchers-batch-${batch.id}.pdf`, pdf, 'application/pdf')}>
                {t('sheet.pdf')}
              </Button>
            )}
            <Button variant="default" leftSection={<IconDownload size={16} />}
              onClick={() => downloadText(`vouchers-batch-${batch.id}.csv`, ['code,value,expires', ...codes.map((c) => `${c},${value},${isoDate(batch.expiresAt)}`)].join('\n') + '\n')}>
              {t('sheet.csv')}
            </Button>
          </Group>
          <div className="voucher-sheet" data-testid="voucher-sheet">
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
              {codes.map((code) => (
                <Paper key={code} withBorder p="xs" className="voucher-card">
                  <Text size="xs" c="dimmed">{isp || t('sheet.recharge')}{batch.agent ? ` · ${batch.agent}` : ''}</Text>
                  <Text fw={700}>{value}</Text>
                  <Text className="mono" fw={600} data-testid="voucher-code-card">{code}</Text>
                  <Text size="xs">{t('sheet.validUntil', { date: formatDate(batch.expiresAt) })}</Text>
                </Paper>
              ))}
            </SimpleGrid>
          </div>
        </Stack>
      )}
    </Modal>
  );
}
