import { Button, Card, Group, Select, Text, Pagination, Center, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconUpload, IconPlus } from '@tabler/icons-react';
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from '../lib/router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryState';
import { SearchBox } from '../components/SearchBox';
import { ImportDialog } from '../components/ImportDialog';
import { useStatusChanges, useThrottled } from '../lib/live';
import { useCan } from '../lib/roles';
import { CustomersList, CustomersTable } from '../features/customers/CustomersTable';
import { PAGE_SIZES, useListState, usePageSize } from '../features/customers/listState';
import { errorMessage } from '../lib/errors';
import { accessStateOptions } from '../components/AccessState';
import { LinkFilters, whereOf } from '../features/customers/LinkFilters';
import { BulkBar } from '../features/bulk/BulkBar';
import { BulkConfirm } from '../features/bulk/BulkConfirm';
import { BulkJobDrawer } from '../features/bulk/BulkJobDrawer';
import type { ActionInfo } from '../features/bulk/actions';
import { selectedCount, selectionInput, useRowSelection } from '../features/bulk/selection';
import { downloadText } from '../lib/download';

export const CustomersQuery = graphql(`
  query Customers($search: String, $status: ConnectionStatus, $accessState: AccessState, $first: Int, $after: Cursor,
                  $orderBy: CustomerOrder, $where: CustomerWhereInput) {
    customers(search: $search, status: $status, accessState: $accessState, first: $first, after: $after, orderBy: $orderBy, where: $where) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id accountNo username phone fullName email address joinedAt expiresAt status autoRenew
          connectionStatus accessState archivedAt
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
  query ExportCustomers($search: String, $status: ConnectionStatus, $accessState: AccessState, $where: CustomerWhereInput) {
    exportCustomers(search: $search, status: $status, accessState: $accessState, where: $where)
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

export function CustomersPage() {
  const { t } = useTranslation('customers');
  const client = useClient();
  const canExport = useCan('exportCustomers');
  const canImport = useCan('importCustomers');
  const canCreate = useCan('createCustomer');
  const canBulk = useCan('bulkSuspend'); // a viewer has no bulk action: no row selection
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const list = useListState();
  const { search, status, state, profileID, expiringDays, joinedSince, sortField, sortDir, page, after } = list.state;
  const [pageSize, setPageSize] = usePageSize();
  // cursors[i] is the `after` cursor of page i (page 0 has none), as far as this visit knows
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [flash, setFlash] = useState<Record<string, number>>({});
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [bulkAction, setBulkAction] = useState<ActionInfo | null>(null);
  // the followed bulk job is in the URL (?job=ID): a link opens it, the back button closes it
  const [params, setParams] = useSearchParams();
  const jobID = params.get('job');
  const openJob = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set('job', id);
    else p.delete('job');
    setParams(p);
  };

  const variables = useMemo(
    () => ({
      search: search || null,
      status,
      accessState: state,
      first: pageSize,
      after,
      orderBy: { field: sortField, direction: sortDir },
      where: whereOf(profileID, expiringDays, joinedSince),
    }),
    [search, status, state, after, sortField, sortDir, profileID, expiringDays, joinedSince, pageSize],
  );
  const [res, refetch] = useQuery({ query: CustomersQuery, variables });
  // "all matching" selects with the list's own filters, so it names exactly what the list counts
  const listFilter = { search, status, accessState: state, where: variables.where };
  const rowSel = useRowSelection(listFilter);
  const [profiles] = useQuery({ query: ProfileOptionsQuery });

  // A pushed customer updates its row through the cache; this only highlights it. Which rows
  // a status filter matches is the server's to say: a filtered list is asked again (throttled).
  const refresh = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1500);
  useStatusChanges((c) => {
    setFlash((m) => ({ ...m, [c.id]: Date.now() }));
    if (status || state) refresh();
  });

  const conn = res.data?.customers;
  const view = pageOf(conn?.edges ?? [], variables.after, pageSize);
  const rows = view.rows;
  const hasNext = view.hasMore || !!conn?.pageInfo.hasNextPage;
  const total = conn?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const goPage = (p: number) => {
    if (p === page + 1 && hasNext && view.endCursor) {
      const next = [...cursors];
      next[page] = after;
      next[p] = view.endCursor;
      setCursors(next);
      list.goTo(p, view.endCursor);
    } else if (p < page) {
      // an earlier page whose cursor this visit knows, else the first
      const known = p === 0 ? null : cursors[p];
      list.goTo(known ? p : 0, known ?? null);
    }
  };

  const exportCSV = async (only?: string[]) => {
    setExporting(true);
    try {
      const where = only ? { idIn: only } : variables.where;
      const r = await client
        .query(ExportQuery, { search: only ? null : variables.search, status: only ? null : variables.status, accessState: only ? null : variables.accessState, where }, { requestPolicy: 'network-only' })
        .toPromise();
      if (r.error || !r.data) throw new Error(errorMessage(r.error) ?? t('page.exportFailedReason'));
      const csv = r.data.exportCustomers;
      downloadText(`customers-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      const n = Math.max(0, Papa.parse(csv.trim(), { skipEmptyLines: true }).data.length - 1);
      notifications.show({ color: 'green', message: t('page.exported', { count: n }) });
    } catch (e) {
      notifications.show({ color: 'red', title: t('page.exportFailed'), message: String((e as Error).message) });
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
        title={t('page.title')}
        subtitle={conn ? t('page.count', { count: total }) : t('page.subtitle')}
        actions={
          <>
            {canExport && (
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => exportCSV()} loading={exporting} data-testid="export-csv">
                {t('page.export')}
              </Button>
            )}
            {canImport && (
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImportOpen(true)}>
                {t('page.import')}
              </Button>
            )}
            {canCreate && (
              <Button component={Link} to="/customers/new" leftSection={<IconPlus size={16} />} data-testid="add-customer">
                {t('page.add')}
              </Button>
            )}
          </>
        }
      />
      <Card withBorder padding="sm">
        <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
          <div style={{ flex: '1 1 260px' }}>
            <SearchBox value={search} onSearch={(q) => list.filter('q', q)} />
          </div>
          <Select
            aria-label={t('page.filterState')}
            placeholder={t('page.allStates')}
            data={accessStateOptions()}
            value={state}
            onChange={(v) => list.filter('state', v)}
            clearable
            w={{ base: '100%', xs: 160 }}
            data-testid="state-filter"
          />
          <Select
            aria-label={t('page.filterProfile')}
            placeholder={t('page.allProfiles')}
            data={profileOptions}
            value={profileID}
            onChange={(v) => list.filter('profile', v)}
            clearable
            searchable
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        <LinkFilters state={list.state} onClear={(k) => list.filter(k, null)} />
        <QueryError error={res.error} />
        {canBulk && <BulkBar
          count={selectedCount(rowSel.sel, total)}
          all={rowSel.sel.all}
          total={total}
          pageSelected={rows.length > 0 && rows.every((r) => rowSel.sel.all || rowSel.sel.ids.has(r.id))}
          onSelectAll={rowSel.selectAll}
          onClear={rowSel.clear}
          onAction={setBulkAction}
        />}
        {phone ? (
          <CustomersList rows={rows} flash={flash} />
        ) : (
          <CustomersTable rows={rows} first={page * pageSize + 1} sortField={sortField} sortDir={sortDir} onSort={list.sortBy} flash={flash} busy={res.fetching}
            selection={canBulk ? { selected: (id) => rowSel.sel.all || rowSel.sel.ids.has(id), toggle: rowSel.toggle, togglePage: rowSel.togglePage } : undefined} />
        )}
        {conn && rows.length === 0 && !res.fetching && (
          <Center py="xl">
            <Stack align="center" gap={4}>
              <Text fw={500}>{t('page.none')}</Text>
              <Text size="sm" c="dimmed">{search || status || state || profileID || expiringDays || joinedSince ? t('page.tryAnother') : t('page.addFirst')}</Text>
            </Stack>
          </Center>
        )}
        <Group justify="space-between" mt="sm">
          <Group gap="sm">
            <Text size="sm" c="dimmed" data-testid="page-range">
              {total > 0 ? t('page.range', { from: page * pageSize + 1, to: page * pageSize + rows.length, total }) : ''}
            </Text>
            <Select
              aria-label={t('page.perPageAria')}
              data={PAGE_SIZES.map((n) => ({ value: String(n), label: t('page.perPage', { n }) }))}
              value={String(pageSize)}
              onChange={(v) => {
                if (!v) return;
                setPageSize(Number(v));
                setCursors([null]);
                list.goTo(0, null);
              }}
              allowDeselect={false}
              size="xs"
              w={130}
              data-testid="page-size"
            />
          </Group>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page + 1}
              onChange={(p) => goPage(p - 1)}
              getItemProps={(p) => ({ disabled: p - 1 > page + 1 || (p - 1 === page + 1 && !hasNext) })}
              size="sm"
              aria-label={t('page.pages')}
            />
          )}
        </Group>
      </Card>
      <ImportDialog opened={importOpen} onClose={() => setImportOpen(false)} />
      <BulkConfirm
        action={bulkAction}
        count={selectedCount(rowSel.sel, total)}
        selection={selectionInput(rowSel.sel, listFilter)}
        plans={profileOptions}
        onClose={() => setBulkAction(null)}
        onExport={() => exportCSV(rowSel.sel.all ? undefined : [...rowSel.sel.ids])}
        onStarted={(id) => {
          rowSel.clear();
          openJob(id);
        }}
      />
      <BulkJobDrawer jobID={jobID} onClose={() => openJob(null)} onFinished={() => refetch({ requestPolicy: 'network-only' })} />
    </>
  );
}
