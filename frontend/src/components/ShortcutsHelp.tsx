// The list of the dashboard's keyboard shortcuts (`?`), loaded on first use by Shortcuts.
import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { GO_KEY, GO_TO } from './Shortcuts';

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} data-testid="shortcuts-help">
      <Table>
        <Table.Tbody>
          <Table.Tr><Table.Td><Kbd>/</Kbd></Table.Td><Table.Td>{t('shortcuts.search')}</Table.Td></Table.Tr>
          {GO_TO.map((g) => (
            <Table.Tr key={g.key}>
              <Table.Td><Kbd>{GO_KEY}</Kbd> <Kbd>{g.key}</Kbd></Table.Td>
              <Table.Td>{t(`shortcuts.goTo.${g.label}`)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr><Table.Td><Kbd>?</Kbd></Table.Td><Table.Td>{t('shortcuts.toggleHelp')}</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
