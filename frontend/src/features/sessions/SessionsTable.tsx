import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Link } from '../../lib/router';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatBytes, formatDuration } from '../../lib/format';
import { SessionIPv6 } from '../ipv6/SessionIPv6';

export const OnlineSessionFragment = graphql(`
  fragment OnlineSession_session on Session {
    id acctSessionID framedIP callingStationID startedAt bytesIn bytesOut
    ipv6 { framedPrefix delegatedPrefix interfaceID framedAddress malformed }
    customer { id username fullName profile { id name } }
    nas { id name }
  }
`);

/** The current time, ticking every second: uptimes count up between interim updates. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

type Row = { id: string } & FragmentType<typeof OnlineSessionFragment>;

interface Props {
  rows: Row[];
  selectable: boolean;
  selected: Set<string>;
  onSelect: (s: Set<string>) => void;
}

export function SessionsTable({ rows, selectable, selected, onSelect }: Props) {
  const now = useNow();
  const { t } = useTranslation('sessions');
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing={6} data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th w={36}>
                <Checkbox aria-label={t('table.selectAll')} checked={all}
                  onChange={() => onSelect(all ? new Set() : new Set(rows.map((r) => r.id)))} />
              </Table.Th>
            )}
            <Table.Th>{t('table.customer')}</Table.Th><Table.Th>{t('table.plan')}</Table.Th><Table.Th>{t('table.router')}</Table.Th>
            <Table.Th>{t('table.ip')}</Table.Th><Table.Th>{t('table.mac')}</Table.Th><Table.Th>{t('table.uptime')}</Table.Th>
            <Table.Th>{t('table.downloaded')}</Table.Th><Table.Th>{t('table.uploaded')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <SessionRow key={r.id} row={r} now={now} selectable={selectable} checked={selected.has(r.id)} onToggle={() => toggle(r.id)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SessionRow({ row, now, selectable, checked, onToggle }: { row: Row; now: number; selectable: boolean; checked: boolean; onToggle: () => void }) {
  const s = useFragment(OnlineSessionFragment, row);
  const { t } = useTranslation('sessions');
  const c = s.customer;
  return (
    <Table.Tr data-testid="session-row">
      {selectable && (
        <Table.Td><Checkbox aria-label={t('table.select', { name: c?.username ?? s.acctSessionID })} checked={checked} onChange={onToggle} /></Table.Td>
      )}
      <Table.Td>
        {c ? <Anchor component={Link} to={`/customers/${c.id}`}>{c.username}</Anchor> : <Text size="sm" c="dimmed">{t('table.unknownUser')}</Text>}
        {c?.fullName && <Text size="xs" c="dimmed">{c.fullName}</Text>}
      </Table.Td>
      <Table.Td>{c?.profile.name ?? '—'}</Table.Td>
      <Table.Td>{s.nas.name}</Table.Td>
      <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>{s.framedIP ?? '—'}<SessionIPv6 v6={s.ipv6} /></Table.Td>
      <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>{s.callingStationID ?? '—'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="session-uptime">{formatDuration((now - Date.parse(s.startedAt)) / 1000)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="session-down">{formatBytes(s.bytesOut)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(s.bytesIn)}</Table.Td>
    </Table.Tr>
  );
}
