import { Anchor, Button, Card, Group, Select, Table, Text, Pagination, UnstyledButton, Center, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronUp, IconSelector, IconDownload, IconUpload, IconPlus } from '@tabler/icons-react';
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ConnectionStatus, CustomerOrderField, OrderDirection } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { SearchBox } from '../components/SearchBox';
import { StatusBadge } from '../components/StatusBadge';
import { ImportDialog } from '../components/ImportDialog';
import { formatDate } from '../lib/format';
import { useStatusChanges, useThrottled } from '../lib/live';
import { useCanWrite } from '../lib/me';
import { errorMessage } from '../lib/errors';

export const CustomersQuery = graphql(`
  query Customers($search: String, $status: ConnectionStatus, $first: Int, $after: Cursor,
                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {
    customers(search: $search, status: $status, first: $first, after: $after, orderBy: $orderBy, where: $where) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew
          connectionStatus
          profile { id name }
        }
      }
    }
  }
`);

export const ProfileOptionsQuery = graphql(`
  query ProfileOptions {
    profiles(first: 200, orderBy: { field: NAME, direction: ASC }) {
      edges { node { id name price validityDays downloadKbps uploadKbps dataLimitBytes } }
    }
  }
`);

const ExportQuery = graphql(`
  query ExportCustomers($search: String, $status: ConnectionStatus, $where: CustomerWhereInput) {
    exportCustomers(search: $search, status: $status, where: $where)
  }
`);

const PAGE_SIZE = 25;


/**
 * The page after `after` in the cache's merged pages (relay pagination keeps the pages of one
 * search and order together): its rows, whether more are loaded or known, and its last cursor.
 */
export function pageOf<N>(edges: ({ cursor: string; node?: N | null } | null)[], after: string | null, size = PAGE_SIZE) {
  const start = after ? edges.findIndex((e) => e?.cursor === after) + 1 : 0;
  const slice = edges.slice(start, start + size);
  return {
    rows: slice.flatMap((e) => (e?.node ? [e.node] : [])),
    hasMore: edges.length > start + size,
    endCursor: slice.length > 0 ? slice[slice.length - 1]!.cursor : null,
  };
}

const columns: { label: string; field?: CustomerOrderField; hideSm?: boolean }[] = [
  { label: '#' },
  { label: 'Account No', field: 'ACCOUNT_NO' },
  { label: 'Username', field: 'USERNAME' },
  { label: 'Phone', field: 'PHONE' },
  { label: 'Profile' },
  { label: 'Joined', field: 'JOINED_AT' },
  { label: 'Status' },
  { label: 'Expires', field: 'EXPIRES_AT' },
];

export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const client = useClient();
  const canWrite = useCanWrite();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const search = params.get('q') ?? '';
  const status = (params.get('status') as ConnectionStatus | null) || null;
  const profileID = params.get('profile') || null;
  const sortField = (params.get('sort') as CustomerOrderField | null) ?? 'ACCOUNT_NO';
  const sortDir = (params.get('dir') as OrderDirection | null) ?? 'DESC';
  // cursors[i] is the `after` cursor of page i+1 (page 0 has none)
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState(0);
  const [flash, setFlash] = useState<Record<string, number>>({});
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const update = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
    setCursors([]);
    setPage(0);
  };

  const variables = useMemo(
    () => ({
      search: search || null,
      status,
      first: PAGE_SIZE,
      after: page > 0 ? cursors[page - 1] : null,
      orderBy: { field: sortField, direction: sortDir },
      where: profileID ? { profileID } : null,
    }),
    [search, status, page, cursors, sortField, sortDir, profileID],
  );
  const [res, refetch] = useQuery({ query: CustomersQuery, variables });
  const [profiles] = useQuery({ query: ProfileOptionsQuery });

  // A pushed customer updates its row through the cache; this only highlights it. Which rows
  // a status filter matches is the server's to say: a filtered list is asked again (throttled).
  const refresh = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1500);
  useStatusChanges((c) => {
    setFlash((m) => ({ ...m, [c.id]: Date.now() }));
    if (status) refresh();
  });

  const conn = res.data?.customers;
  const view = pageOf(conn?.edges ?? [], variables.after);
  const rows = view.rows;
  const hasNext = view.hasMore || !!conn?.pageInfo.hasNextPage;
  const total = conn?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const goPage = (p: number) => {
    if (p === page + 1 && hasNext && view.endCursor) {
      const next = [...cursors];
      next[page] = view.endCursor;
      setCursors(next);
      setPage(p);
    } else if (p < page) {
      setPage(p);
    }
  };

  const sortBy = (f: CustomerOrderField) => {
    const p = new URLSearchParams(params);
    if (sortField === f) p.set('dir', sortDir === 'ASC' ? 'DESC' : 'ASC');
    else {
      p.set('sort', f);
      p.set('dir', 'ASC');
    }
    setParams(p, { replace: true });
    setCursors([]);
    setPage(0);
  };

  const exportCSV = async () => {
    setExporting(true);
    try {
      const r = await client
        .query(ExportQuery, { search: variables.search, status: variables.status, where: variables.where }, { requestPolicy: 'network-only' })
        .toPromise();
      if (r.error || !r.data) throw new Error(errorMessage(r.error) ?? 'export failed');
      const csv = r.data.exportCustomers;
      const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `customers-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      const n = Math.max(0, Papa.parse(csv.trim(), { skipEmptyLines: true }).data.length - 1);
      notifications.show({ color: 'green', message: `Exported ${n} customers` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: String((e as Error).message) });
    } finally {
      setExporting(false);
    }
  };

  const profileOptions = (profiles.data?.profiles.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: e.node.name }] : [],
  );

  return (
    <>
      <PageHeader
        title="Customers"
        subtitle={conn ? `${total} PPPoE customer${total === 1 ? '' : 's'}` : 'PPPoE subscribers'}
        actions={
          <>
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportCSV} loading={exporting}>
              Export CSV
            </Button>
            {canWrite && (
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImportOpen(true)}>
                Import CSV
              </Button>
            )}
            {canWrite && (
              <Button component={Link} to="/customers/new" leftSection={<IconPlus size={16} />} data-testid="add-customer">
                Add Customer
              </Button>
            )}
          </>
        }
      />
      <Card withBorder padding="sm">
        <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
          <div style={{ flex: '1 1 260px' }}>
            <SearchBox value={search} onSearch={(q) => update('q', q)} />
          </div>
          <Select
            aria-label="Filter by status"
            placeholder="All statuses"
            data={[
              { value: 'ONLINE', label: 'Online' },
              { value: 'OFFLINE', label: 'Offline' },
              { value: 'EXPIRED', label: 'Expired' },
            ]}
            value={status}
            onChange={(v) => update('status', v)}
            clearable
            w={{ base: '100%', xs: 160 }}
            data-testid="status-filter"
          />
          <Select
            aria-label="Filter by profile"
            placeholder="All profiles"
            data={profileOptions}
            value={profileID}
            onChange={(v) => update('profile', v)}
            clearable
            searchable
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        <QueryError error={res.error} />
        {phone ? (
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
                    <Text size="xs" c="dimmed">{c.profile.name} · expires {formatDate(c.expiresAt)}</Text>
                  </div>
                  <StatusBadge status={c.connectionStatus} />
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="customers-table" aria-busy={res.fetching}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.label} aria-sort={c.field && sortField === c.field ? (sortDir === 'ASC' ? 'ascending' : 'descending') : undefined}>
                    {c.field ? (
                      <UnstyledButton onClick={() => sortBy(c.field!)} className="sort-th" aria-label={`Sort by ${c.label}`}>
                        <Group gap={4} wrap="nowrap">
                          <Text fw={600} size="sm">{c.label}</Text>
                          {sortField === c.field ? (
                            sortDir === 'ASC' ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />
                          ) : (
                            <IconSelector size={14} opacity={0.4} />
                          )}
                        </Group>
                      </UnstyledButton>
                    ) : (
                      c.label
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c, i) => {
                const st = c.connectionStatus;
                return (
                  <Table.Tr
                    key={c.id}
                    className={`row-link${flash[c.id] ? ' row-flash' : ''}`}
                    data-username={c.username}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a,button')) return;
                      navigate(`/customers/${c.id}`);
                    }}
                  >
                    <Table.Td c="dimmed">{page * PAGE_SIZE + i + 1}</Table.Td>
                    <Table.Td className="mono">{c.accountNo}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${c.id}`} fw={500}>{c.username}</Anchor>
                      {c.fullName && <Text size="xs" c="dimmed">{c.fullName}</Text>}
                    </Table.Td>
                    <Table.Td className="mono">{c.phone}</Table.Td>
                    <Table.Td>{c.profile.name}</Table.Td>
                    <Table.Td>{formatDate(c.joinedAt)}</Table.Td>
                    <Table.Td><StatusBadge status={st} /></Table.Td>
                    <Table.Td>{formatDate(c.expiresAt)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        )}
        {conn && rows.length === 0 && !res.fetching && (
          <Center py="xl">
            <Stack align="center" gap={4}>
              <Text fw={500}>No customers found</Text>
              <Text size="sm" c="dimmed">{search || status || profileID ? 'Try another search or filter.' : 'Add the first customer or import a CSV.'}</Text>
            </Stack>
          </Center>
        )}
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">
            {total > 0 ? `${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + rows.length} of ${total}` : ''}
          </Text>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page + 1}
              onChange={(p) => goPage(p - 1)}
              getItemProps={(p) => ({ disabled: p - 1 > page + 1 || (p - 1 === page + 1 && !hasNext) })}
              size="sm"
              aria-label="Pages"
            />
          )}
        </Group>
      </Card>
      <ImportDialog opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}
