import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openDocument, type DocumentFormat } from '../../lib/documents';

/** PDF and print buttons for a receipt or invoice (`pdfPath` ends in .pdf). */
export function DocumentButtons(props: { pdfPath: string; number: string; what: 'receipt' | 'invoice' }) {
  const { t } = useTranslation('documents');
  const n = { number: props.number };
  const [busy, setBusy] = useState<DocumentFormat | null>(null);
  const open = async (format: DocumentFormat) => {
    setBusy(format);
    try {
      await openDocument(props.pdfPath, format, props.number);
    } catch (e) {
      notifications.show({ color: 'red', title: t(`${props.what}.failed`, n), message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={t(`${props.what}.downloadPdf`, n)}>
        <ActionIcon variant="subtle" size="sm" loading={busy === 'pdf'} aria-label={t(`${props.what}.download`, n)}
          data-testid="document-pdf" onClick={() => void open('pdf')}>⤓</ActionIcon>
      </Tooltip>
      <Tooltip label={t(`${props.what}.print`, n)}>
        <ActionIcon variant="subtle" size="sm" loading={busy === 'html'} aria-label={t(`${props.what}.print`, n)}
          data-testid="document-html" onClick={() => void open('html')}>⎙</ActionIcon>
      </Tooltip>
    </Group>
  );
}
