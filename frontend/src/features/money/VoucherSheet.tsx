import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
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
  return b.profile ? `${b.profile.name} plan` : formatMoney(b.amount);
}

/**
 * The codes of a new batch as a sheet of cards, shown this once (only their hashes are kept):
 * print it (the print style shows the sheet alone) or save the codes as CSV for the agent.
 */
export function VoucherSheet({ batch, codes, pdf, isp, onClose }: { batch: SheetBatch | null; codes: string[]; pdf?: string; isp?: string; onClose: () => void }) {
  const value = batch ? voucherValue(batch) : '';
  return (
    <Modal opened={batch != null} onClose={onClose} size="xl" title="The new vouchers: print them now, the codes are not shown again">
      {batch && (
        <Stack>
          <Group>
            <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()} data-testid="print-sheet">Print the sheet</Button>
            {pdf && (
              <Button variant="default" leftSection={<IconFileTypePdf size={16} />} data-testid="sheet-pdf"
                onClick={() => downloadBase64(`vouchers-batch-${batch.id}.pdf`, pdf, 'application/pdf')}>
                Download the PDF sheet
              </Button>
            )}
            <Button variant="default" leftSection={<IconDownload size={16} />}
              onClick={() => downloadText(`vouchers-batch-${batch.id}.csv`, ['code,value,expires', ...codes.map((c) => `${c},${value},${isoDate(batch.expiresAt)}`)].join('\n') + '\n')}>
              Save the codes (CSV)
            </Button>
          </Group>
          <div className="voucher-sheet" data-testid="voucher-sheet">
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
              {codes.map((code) => (
                <Paper key={code} withBorder p="xs" className="voucher-card">
                  <Text size="xs" c="dimmed">{isp || 'Internet recharge'}{batch.agent ? ` · ${batch.agent}` : ''}</Text>
                  <Text fw={700}>{value}</Text>
                  <Text className="mono" fw={600} data-testid="voucher-code-card">{code}</Text>
                  <Text size="xs">Valid until {formatDate(batch.expiresAt)}</Text>
                </Paper>
              ))}
            </SimpleGrid>
          </div>
        </Stack>
      )}
    </Modal>
  );
}
