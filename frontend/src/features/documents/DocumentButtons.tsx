import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { openDocument, type DocumentFormat } from '../../lib/documents';

/** PDF and print buttons for a receipt or invoice (`pdfPath` ends in .pdf). */
export function DocumentButtons(props: { pdfPath: string; number: string; what: string }) {
  const [busy, setBusy] = useState<DocumentFormat | null>(null);
  const open = async (format: DocumentFormat) => {
    setBusy(format);
    try {
      await openDocument(props.pdfPath, format, props.number);
    } catch (e) {
      notifications.show({ color: 'red', title: `Could not open ${props.what} ${props.number}`, message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={`Download ${props.what} ${props.number} (PDF)`}>
        <ActionIcon variant="subtle" size="sm" loading={busy === 'pdf'} aria-label={`Download ${props.what} ${props.number}`}
          data-testid="document-pdf" onClick={() => void open('pdf')}>⤓</ActionIcon>
      </Tooltip>
      <Tooltip label={`Print ${props.what} ${props.number}`}>
        <ActionIcon variant="subtle" size="sm" loading={busy === 'html'} aria-label={`Print ${props.what} ${props.number}`}
          data-testid="document-html" onClick={() => void open('html')}>⎙</ActionIcon>
      </Tooltip>
    </Group>
  );
}
