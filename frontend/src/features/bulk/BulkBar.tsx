import { Alert, Anchor, Button, Group, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconChevronDown } from '@tabler/icons-react';
import { can } from '../../lib/roles';
import { useMe } from '../../lib/me';
import { BULK_ACTIONS, actionLabel, type ActionInfo } from './actions';

interface Props {
  count: number;
  /** Every customer matching the filter is selected. */
  all: boolean;
  /** Customers matching the filter. */
  total: number;
  /** All rows of the page are selected (then "all N matching" is offered). */
  pageSelected: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (a: ActionInfo) => void;
}

/** The bar above the customers list while rows are selected: how many, and what to do. */
export function BulkBar({ count, all, total, pageSelected, onSelectAll, onClear, onAction }: Props) {
  const role = useMe()?.role;
  const { t } = useTranslation('bulk');
  const actions = BULK_ACTIONS.filter((a) => can(role, a.operation));
  if (count === 0) return null;
  return (
    <Alert color="blue" variant="light" mb="sm" p="xs" data-testid="bulk-bar">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600} data-testid="bulk-count">
            {all ? t('bar.allSelected', { count: total }) : t('bar.selected', { count })}
          </Text>
          {!all && pageSelected && total > count && (
            <Anchor component="button" size="sm" onClick={onSelectAll} data-testid="bulk-select-all">
              {t('bar.selectAll', { count: total })}
            </Anchor>
          )}
          <Anchor component="button" size="sm" c="dimmed" onClick={onClear}>{t('bar.clear')}</Anchor>
        </Group>
        {actions.length > 0 && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" rightSection={<IconChevronDown size={14} />} data-testid="bulk-actions">{t('bar.actions')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {actions.map((a) => (
                <Menu.Item key={a.action} color={a.danger ? 'red' : undefined} onClick={() => onAction(a)} data-testid={`bulk-${a.action}`}>
                  {actionLabel(a.action)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Alert>
  );
}
