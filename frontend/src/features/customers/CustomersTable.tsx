import { Anchor, Checkbox, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { Link, useNavigate } from '../../lib/router';
import type { AccessState, ConnectionStatus, CustomerOrderField, OrderDirection } from '../../gql/graphql';
import { AccessBadge } from '../../components/AccessState';
import { formatDate } from '../../lib/format';

export interface CustomerRow {
  id: string;
  accountNo: string;
  username: string;
  phone: string;
  fullName?: string | null;
  joinedAt: string;
  expiresAt: string;
  connectionStatus: ConnectionStatus;
  accessState: AccessState;
  archivedAt?: string | null;
  profile: { id: string; name: string };
}

/** The table's columns: each header is customers:columns.<key>. */
export const columns: { key: 'number' | 'accountNo' | 'username' | 'phone' | 'plan' | 'joined' | 'status' | 'expires'; field?: CustomerOrderField }[] = [
  { key: 'number' },
  { key: 'accountNo', field: 'ACCOUNT_NO' },
  { key: 'username', field: 'USERNAME' },
  { key: 'phone', field: 'PHONE' },
  { key: 'plan', field: 'PROFILE' },
  { key: 'joined', field: 'JOINED_AT' },
  { key: 'status', field: 'STATUS' },
  { key: 'expires', field: 'EXPIRES_AT' },
];

interface Props {
  rows: CustomerRow[];
  first: number; // number of the first row
  sortField: CustomerOrderField;
  sortDir: OrderDirection;
  onSort: (f: CustomerOrderField) => void;
  flash: Record<string, number>;
  busy: boolean;
  /** Row selection for bulk actions; without it the table has no checkboxes. */
  selection?: {
    selected: (id: string) => boolean;
    toggle: (id: string) => void;
    togglePage: (ids: string[]) => void;
  };
}

/** The customers of one page as a table with sortable columns. */
export function CustomersTable({ rows, first, sortField, sortDir, onSort, flash, busy, selection }: Props) {
  const navigate = useNavigate();
  const { t } = useTranslation('customers');
  const ids = rows.map((c) => c.id);
  const onPage = selection ? ids.filter((id) => selection.selected(id)).length : 0;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="customers-table" aria-busy={busy}>
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={36}>
                <Checkbox aria-label={t('table.selectPage')} data-testid="select-page" checked={onPage > 0 && onPage === ids.length}
                  indeterminate={onPage > 0 && onPage < ids.length} onChange={() => selection.togglePage(ids)} />
              </Table.Th>
            )}
            {columns.map((c) => (
              <Table.Th key={c.key} aria-sort={c.field && sortField === c.field ? (sortDir === 'ASC' ? 'ascending' : 'descending') : undefined}>
                {c.field ? (
                  <UnstyledButton onClick={() => onSort(c.field!)} className="sort-th" aria-label={t('table.sortBy', { label: t(`columns.${c.key}`) })}>
                    <Group gap={4} wrap="nowrap">
                      <Text fw={600} size="sm">{t(`columns.${c.key}`)}</Text>
                      {sortField === c.field ? (
                        sortDir === 'ASC' ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />
                      ) : (
                        <IconSelector size={14} opacity={0.4} />
                      )}
                    </Group>
                  </UnstyledButton>
                ) : (
                  t(`columns.${c.key}`)
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c, i) => (
            <Table.Tr
              key={c.id}
              className={`row-link${flash[c.id] ? ' row-flash' : ''}`}
              data-username={c.username}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a,button,input,label,.select-cell')) return;
                navigate(`/customers/${c.id}`);
              }}
            >
              {selection && (
                <Table.Td className="select-cell">
                  <Checkbox aria-label={t('table.selectRow', { username: c.username })} checked={selection.selected(c.id)} onChange={() => selection.toggle(c.id)}
                    data-testid="select-row" />
                </Table.Td>
              )}
              <Table.Td c="dimmed">{first + i}</Table.Td>
              <Table.Td className="mono">{c.accountNo}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${c.id}`} fw={500}>{c.username}</Anchor>
                {c.fullName && <Text size="xs" c="dimmed">{c.fullName}</Text>}
              </Table.Td>
              <Table.Td className="mono">{c.phone}</Table.Td>
              <Table.Td>{c.profile.name}</Table.Td>
              <Table.Td>{formatDate(c.joinedAt)}</Table.Td>
              <Table.Td><AccessBadge customer={c} /></Table.Td>
              <Table.Td>{formatDate(c.expiresAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The customers of one page as a list for narrow screens. */
export function CustomersList({ rows, flash }: { rows: CustomerRow[]; flash: Record<string, number> }) {
  const { t } = useTranslation('customers');
  return (
    <Stack gap={0} data-testid="customers-list">
      {rows.map((c) => (
        <UnstyledButton
          key={c.id}
          component={Link}
          to={`/customers/${c.id}`}
          data-username={c.username}
          className={flash[c.id] ? 'row-flash' : undefined}
          py="sm"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
        >
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text fw={600} c="blue.7" truncate>{c.username}</Text>
              <Text size="xs" c="dimmed" className="mono">#{c.accountNo} · {c.phone}</Text>
              <Text size="xs" c="dimmed">{t('table.planExpires', { plan: c.profile.name, date: formatDate(c.expiresAt) })}</Text>
            </div>
            <AccessBadge customer={c} detail={false} />
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
