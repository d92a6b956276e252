import {
  Alert, Anchor, Badge, Button, Card, Code, Grid, Group, Modal, NumberInput, Progress, Select, SimpleGrid, Stack, Table,
  Tabs, Text, TextInput, Title, Switch, CopyButton, Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  IconPlugConnectedX, IconPlayerPause, IconPlayerPlay, IconKey, IconCash, IconRefresh, IconEdit, IconAlertTriangle,
  IconArrowLeft, IconCopy, IconPencil,
} from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../gql';
import type { CustomerDetailsQuery } from '../gql/graphql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { AccountBadge, StatusBadge } from '../components/StatusBadge';
import { OutcomeList, type SessionActionView } from '../components/Outcome';
import { ProfileOptionsQuery } from './CustomersPage';
import { errorMessage, splitErrors } from '../lib/errors';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatMoney, formatSpeed, fromNow, parseMoney } from '../lib/format';
import { SessionUpdatedSubscription, useStatusChanges, useThrottled } from '../lib/live';
import { useCanWrite } from '../lib/me';
import { normalizeMac, validateEmail, validateIPv4, validateMac, validatePhone } from '../lib/validate';

/** Reconnects within 24 hours above which staff are warned about the line. */
export const RECONNECT_WARNING = 6;

/** How many sessions started in the 24 hours before `now`. */
export function sessionsInLastDay(sessions: { startedAt: string }[], now = dayjs()): number {
  const since = now.subtract(24, 'hour');
  return sessions.filter((s) => dayjs(s.startedAt).isAfter(since)).length;
}

const SessionFields = graphql(`
  fragment SessionFields on Session {
    id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut
    terminateCause open nas { id name }
  }
`);
void SessionFields;

const CustomerDetailsQueryDoc = graphql(`
  query CustomerDetails($id: ID!) {
    customer(id: $id) {
      id accountNo username phone fullName email address status autoRenew joinedAt expiresAt staticIP macLock
      maxSessions balance connectionStatus
      profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price pool afterCapProfile { id name } }
      usage { periodStart bytesIn bytesOut limitBytes }
      dailyUsage(days: 366) { day bytesIn bytesOut }
      currentSession { ...SessionFields }
      sessions(first: 100, orderBy: { field: STARTED_AT, direction: DESC }) {
        totalCount
        edges { node { ...SessionFields } }
      }
      transactions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        edges { node { id amount balanceAfter kind method reference note actor createdAt } }
      }
      authEvents(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        edges { node { id result reason detail method callingStationId createdAt nas { id name } } }
      }
    }
  }
`);

const DisconnectMutation = graphql(`
  mutation DisconnectCustomer($id: ID!) {
    disconnectCustomer(id: $id) {
      customer { id connectionStatus }
      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }
    }
  }
`);
const ChangeProfileMutation = graphql(`
  mutation ChangeCustomerProfile($id: ID!, $profileID: ID!) {
    changeCustomerProfile(id: $id, profileID: $profileID) {
      customer { id profile { id name } }
      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }
    }
  }
`);
const SuspendMutation = graphql(`
  mutation SuspendCustomer($id: ID!) { suspendCustomer(id: $id) { id status connectionStatus } }
`);
const ResumeMutation = graphql(`
  mutation ResumeCustomer($id: ID!) { resumeCustomer(id: $id) { id status connectionStatus } }
`);
const PasswordMutation = graphql(`
  mutation SetCustomerPassword($id: ID!, $password: String) {
    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }
  }
`);
const PaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) { id amount balanceAfter customer { id balance } }
  }
`);
const RenewMutation = graphql(`
  mutation RenewCustomer($id: ID!) { renewCustomer(id: $id) { id expiresAt balance connectionStatus } }
`);
const UpdateCustomerMutation = graphql(`
  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) { id phone fullName email address autoRenew staticIP macLock }
  }
`);

type Customer = NonNullable<CustomerDetailsQuery['customer']>;
type Sess = NonNullable<Customer['currentSession']>;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div">{children || '—'}</Text>
    </div>
  );
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const canWrite = useCanWrite();
  const [res, refetch] = useQuery({ query: CustomerDetailsQueryDoc, variables: { id } });
  const refresh = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 800);
  const [liveSession, setLiveSession] = useState<Sess | null>(null);
  const [modal, setModal] = useState<null | 'disconnect' | 'profile' | 'password' | 'payment' | 'renew' | 'suspend' | 'edit'>(null);

  useStatusChanges(() => refresh(), id);
  useSubscription({ query: SessionUpdatedSubscription, variables: { customerId: id } }, (_p: unknown, data) => {
    const s = data.sessionUpdated as Sess;
    if (s.open) setLiveSession(s);
    else {
      setLiveSession(null);
      refresh();
    }
    return data;
  });
  // tick once a second so the uptime counts up between interim updates
  const [, setNow] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setNow((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);

  const c = res.data?.customer;
  useEffect(() => setLiveSession(null), [c?.currentSession?.id]);

  if (!c) {
    if (res.fetching) return <Loading />;
    return (
      <>
        <QueryError error={res.error} />
        {!res.error && <Alert color="yellow">No such customer.</Alert>}
      </>
    );
  }
  const cur = liveSession && (!c.currentSession || liveSession.id === c.currentSession.id || !c.currentSession.open) ? liveSession : c.currentSession;
  const sessions = (c.sessions.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const reconnects = sessionsInLastDay(sessions);

  return (
    <>
      <Anchor component={Link} to="/customers" size="sm" mb={4} display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> Customers
      </Anchor>
      <PageHeader
        title={c.username}
        subtitle={
          <Group gap="xs" component="span">
            <span className="mono">#{c.accountNo}</span>
            {c.fullName && <span>· {c.fullName}</span>}
          </Group>
        }
        actions={
          <Group gap="xs">
            <StatusBadge status={c.connectionStatus} />
            <AccountBadge status={c.status} />
          </Group>
        }
      />
      <QueryError error={res.error} />
      {canWrite && (
        <Group gap="xs" mb="md" wrap="wrap">
          <Button color="red" variant="light" leftSection={<IconPlugConnectedX size={16} />} onClick={() => setModal('disconnect')} data-testid="disconnect">
            Disconnect
          </Button>
          <Button variant="light" leftSection={<IconEdit size={16} />} onClick={() => setModal('profile')} data-testid="edit-profile">
            Edit Profile
          </Button>
          <Button variant="light" leftSection={<IconCash size={16} />} onClick={() => setModal('payment')} data-testid="record-payment">
            Record Payment
          </Button>
          <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => setModal('renew')} data-testid="renew">
            Renew
          </Button>
          {c.status === 'SUSPENDED' ? (
            <ResumeButton id={c.id} />
          ) : (
            <Button variant="light" color="orange" leftSection={<IconPlayerPause size={16} />} onClick={() => setModal('suspend')} data-testid="suspend">
              Suspend
            </Button>
          )}
          <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => setModal('password')} data-testid="reset-password">
            Reset password
          </Button>
        </Group>
      )}
      {reconnects >= RECONNECT_WARNING && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} mb="md" title="Unstable connection" data-testid="reconnect-warning">
          {reconnects} sessions started in the last 24 hours. Check the line quality, the PPPoE keepalive settings and the
          customer's router.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder padding="lg" h="100%">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">Account</Title>
              {canWrite && (
                <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setModal('edit')}>
                  Edit details
                </Button>
              )}
            </Group>
            <SimpleGrid cols={2} spacing="sm">
              <Field label="Account No"><span className="mono">{c.accountNo}</span></Field>
              <Field label="Username"><span className="mono">{c.username}</span></Field>
              <Field label="Phone"><span className="mono">{c.phone}</span></Field>
              <Field label="E-mail">{c.email}</Field>
              <Field label="Address">{c.address}</Field>
              <Field label="Joined">{formatDate(c.joinedAt)}</Field>
              <Field label="Expires">
                <span data-testid="expires-at">{formatDateTime(c.expiresAt)}</span>{' '}
                <Text span size="xs" c={dayjs(c.expiresAt).isBefore(dayjs()) ? 'red' : 'dimmed'}>({fromNow(c.expiresAt)})</Text>
              </Field>
              <Field label="Auto-renew">{c.autoRenew ? 'Yes' : 'No'}</Field>
              <Field label="Static IP">{c.staticIP && <span className="mono">{c.staticIP}</span>}</Field>
              <Field label="MAC lock">{c.macLock && <span className="mono">{c.macLock}</span>}</Field>
              <Field label="Max sessions">{String(c.maxSessions)}</Field>
            </SimpleGrid>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack h="100%">
            <Card withBorder padding="lg">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4">Profile</Title>
                {canWrite && <Button size="xs" variant="subtle" onClick={() => setModal('profile')}>Edit Profile</Button>}
              </Group>
              <Text fw={600} size="lg" data-testid="profile-name">{c.profile.name}</Text>
              <Text size="sm" c="dimmed">
                ↓ {formatSpeed(c.profile.downloadKbps)} · ↑ {formatSpeed(c.profile.uploadKbps)} ·{' '}
                {c.profile.dataLimitBytes ? `${formatBytes(c.profile.dataLimitBytes)} cap` : 'unlimited'} · {c.profile.validityDays} days ·{' '}
                {formatMoney(c.profile.price)}
              </Text>
              {c.profile.afterCapProfile && <Text size="xs" c="dimmed">After the cap: {c.profile.afterCapProfile.name}</Text>}
            </Card>
            <Card withBorder padding="lg" style={{ flex: 1 }}>
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4">Balance</Title>
                <Text fz={26} fw={700} c={c.balance < 0 ? 'red' : undefined} data-testid="balance">{formatMoney(c.balance)}</Text>
              </Group>
              <Text size="sm" c="dimmed">
                Renewal costs {formatMoney(c.profile.price)}
                {c.balance >= c.profile.price ? ': the balance covers it.' : ': the balance does not cover it.'}
              </Text>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <CurrentSession session={cur ?? null} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UsageCard customer={c} sessions={sessions} liveSession={cur ?? null} />
        </Grid.Col>
      </Grid>
      <Card withBorder padding="lg" mt="md">
        <Tabs defaultValue="sessions" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="sessions">Connection history ({c.sessions.totalCount})</Tabs.Tab>
            <Tabs.Tab value="ledger">Ledger ({c.transactions.totalCount})</Tabs.Tab>
            <Tabs.Tab value="auth" data-testid="auth-tab">Authentication attempts ({c.authEvents.totalCount})</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="sessions" pt="sm"><SessionsTable sessions={sessions} /></Tabs.Panel>
          <Tabs.Panel value="ledger" pt="sm"><LedgerTable customer={c} /></Tabs.Panel>
          <Tabs.Panel value="auth" pt="sm"><AuthTable customer={c} /></Tabs.Panel>
        </Tabs>
      </Card>

      <DisconnectModal opened={modal === 'disconnect'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
      <ProfileModal opened={modal === 'profile'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
      <PasswordModal opened={modal === 'password'} onClose={() => setModal(null)} customer={c} />
      <PaymentModal opened={modal === 'payment'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
      <RenewModal opened={modal === 'renew'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
      <SuspendModal opened={modal === 'suspend'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
      <EditModal opened={modal === 'edit'} onClose={() => setModal(null)} customer={c} onDone={refresh} />
    </>
  );
}

function CurrentSession({ session }: { session: Sess | null }) {
  const open = session?.open;
  const uptime = session ? Math.max(session.sessionTime, dayjs().diff(dayjs(session.startedAt), 'second')) : 0;
  return (
    <Card withBorder padding="lg" h="100%" data-testid="current-session">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Current session</Title>
        {open && <Badge color="green" leftSection={<span className="live-dot" />}>live</Badge>}
      </Group>
      {!open || !session ? (
        <Text c="dimmed" size="sm">Not connected.</Text>
      ) : (
        <SimpleGrid cols={2} spacing="sm">
          <Field label="IP address"><span className="mono" data-testid="session-ip">{session.framedIp}</span></Field>
          <Field label="MAC (Calling-Station-Id)"><span className="mono">{session.callingStationId}</span></Field>
          <Field label="Router (NAS)">{session.nas.name}</Field>
          <Field label="Uptime"><span data-testid="session-uptime">{formatDuration(uptime)}</span></Field>
          <Field label="Downloaded (to customer)"><span data-testid="session-bytes-out">{formatBytes(session.bytesOut)}</span></Field>
          <Field label="Uploaded (from customer)"><span data-testid="session-bytes-in">{formatBytes(session.bytesIn)}</span></Field>
          <Field label="Started">{formatDateTime(session.startedAt)}</Field>
          <Field label="Last update">{fromNow(session.updatedAt)}</Field>
        </SimpleGrid>
      )}
    </Card>
  );
}

/**
 * Cumulative usage over the period, from the per-day totals (UTC days; the period's first day
 * counts from the period start on), ending at the live total.
 */
export function usageSeries(periodStart: string, total: number, days: { day: string; bytesIn: number; bytesOut: number }[]) {
  const start = dayjs(periodStart).valueOf();
  const firstDay = new Date(start).toISOString().slice(0, 10);
  const now = Date.now();
  const pts = [{ t: start, used: 0 }];
  let sum = 0;
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    if (d.day < firstDay) continue;
    sum += d.bytesIn + d.bytesOut;
    const endOfDay = Date.parse(`${d.day}T23:59:59Z`);
    pts.push({ t: Math.max(start, Math.min(endOfDay, now)), used: Math.min(sum, total) });
  }
  pts.push({ t: Math.max(now, pts[pts.length - 1].t), used: total });
  return pts;
}

function UsageCard({ customer: c, sessions, liveSession }: { customer: Customer; sessions: Sess[]; liveSession: Sess | null }) {
  const base = c.usage.bytesIn + c.usage.bytesOut;
  // live counters of the open session may be newer than the query
  const inQuery = sessions.find((s) => s.id === liveSession?.id);
  const delta = liveSession && inQuery ? Math.max(0, liveSession.bytesIn + liveSession.bytesOut - inQuery.bytesIn - inQuery.bytesOut) : 0;
  const used = base + delta;
  const limit = c.usage.limitBytes;
  const pct = limit ? Math.min(100, (used / limit) * 100) : 0;
  const data = useMemo(() => usageSeries(c.usage.periodStart, used, c.dailyUsage), [c.usage.periodStart, used, c.dailyUsage]);
  // the whole subscription period, so the line shows how far into it the customer is
  const periodStart = dayjs(c.usage.periodStart).valueOf();
  const periodEnd = Math.max(Date.now(), dayjs(c.usage.periodStart).add(c.profile.validityDays, 'day').valueOf());
  const periodTicks = Array.from({ length: 5 }, (_, i) => periodStart + ((periodEnd - periodStart) * i) / 4);
  return (
    <Card withBorder padding="lg" h="100%">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">Usage this period</Title>
        <Text size="sm" fw={600} data-testid="usage-total">
          {formatBytes(used)} {limit ? `of ${formatBytes(limit)}` : '(no cap)'}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        Since {formatDate(c.usage.periodStart)} · ↓ {formatBytes(c.usage.bytesOut)} · ↑ {formatBytes(c.usage.bytesIn)}
      </Text>
      {limit != null && <Progress value={pct} color={pct >= 100 ? 'red' : pct > 80 ? 'orange' : 'blue'} mb="sm" aria-label="Share of the data cap used" />}
      <div style={{ width: '100%', height: 180 }} role="img" aria-label="Chart of data used this period against the cap">
        {used === 0 && !limit ? (
          <Stack h="100%" justify="center" align="center"><Text size="sm" c="dimmed">Nothing used yet this period.</Text></Stack>
        ) : (
        <ResponsiveContainer>
          <AreaChart data={data} margin={{ left: 0, right: 24, top: 10 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-gray-3)" />
            <XAxis dataKey="t" type="number" scale="time" domain={[periodStart, periodEnd]} ticks={periodTicks} interval={0} tickFormatter={(t: number) => dayjs(t).format('MMM D')} fontSize={11} />
            <YAxis tickFormatter={(b: number) => formatBytes(b)} fontSize={11} width={72} domain={[0, (m: number) => Math.max(m, limit ?? 0)]} />
            <ChartTooltip labelFormatter={(t) => dayjs(Number(t)).format('YYYY-MM-DD HH:mm')} formatter={(v) => formatBytes(Number(v))} />
            {limit != null && <ReferenceLine y={limit} stroke="var(--mantine-color-red-6)" strokeDasharray="4 4" label={{ value: 'cap', fontSize: 11, fill: 'var(--mantine-color-red-7)' }} />}
            <Area type="stepAfter" dataKey="used" name="Used" stroke="var(--mantine-color-blue-7)" fill="var(--mantine-color-blue-2)" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

function SessionsTable({ sessions }: { sessions: Sess[] }) {
  if (sessions.length === 0) return <Text size="sm" c="dimmed">No sessions yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={6} data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th><Table.Th>Duration</Table.Th><Table.Th>IP</Table.Th><Table.Th>MAC</Table.Th>
            <Table.Th>Router</Table.Th><Table.Th>Down / Up</Table.Th><Table.Th>Ended</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{formatDateTime(s.startedAt)}</Table.Td>
              <Table.Td>{formatDuration(s.sessionTime)}</Table.Td>
              <Table.Td className="mono">{s.framedIp ?? '—'}</Table.Td>
              <Table.Td className="mono">{s.callingStationId ?? '—'}</Table.Td>
              <Table.Td>{s.nas.name}</Table.Td>
              <Table.Td>{formatBytes(s.bytesOut)} / {formatBytes(s.bytesIn)}</Table.Td>
              <Table.Td>
                {s.open ? <Badge color="green" variant="light">open</Badge> : (
                  <Stack gap={0}>
                    <Text size="sm">{s.terminateCause ?? '—'}</Text>
                    <Text size="xs" c="dimmed">{formatDateTime(s.stoppedAt)}</Text>
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const kindColor: Record<string, string> = { PAYMENT: 'green', RENEWAL: 'blue', ADJUSTMENT: 'gray', REFUND: 'orange' };

function LedgerTable({ customer: c }: { customer: Customer }) {
  const rows = (c.transactions.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (rows.length === 0) return <Text size="sm" c="dimmed">No transactions yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={6} data-testid="ledger-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th><Table.Th>Kind</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th ta="right">Balance</Table.Th>
            <Table.Th>Method</Table.Th><Table.Th>Reference</Table.Th><Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
              <Table.Td><Badge variant="light" color={kindColor[t.kind]}>{t.kind.toLowerCase()}</Badge></Table.Td>
              <Table.Td ta="right" c={t.amount < 0 ? 'red.8' : 'green.8'} fw={500}>{formatMoney(t.amount)}</Table.Td>
              <Table.Td ta="right">{formatMoney(t.balanceAfter)}</Table.Td>
              <Table.Td>{t.method ?? '—'}</Table.Td>
              <Table.Td className="mono">{t.reference ?? '—'}{t.note && <Text size="xs" c="dimmed">{t.note}</Text>}</Table.Td>
              <Table.Td>{t.actor}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export const reasonText: Record<string, string> = {
  OK: 'Accepted',
  UNKNOWN_USER: 'Unknown username',
  WRONG_PASSWORD: 'Wrong password',
  SUSPENDED: 'Account suspended',
  DISABLED: 'Account disabled',
  EXPIRED: 'Subscription expired',
  DATA_CAP: 'Data cap reached',
  TOO_MANY_SESSIONS: 'Already connected (session limit)',
  MAC_MISMATCH: 'Router MAC does not match the MAC lock',
};

function AuthTable({ customer: c }: { customer: Customer }) {
  const rows = (c.authEvents.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  if (rows.length === 0) return <Text size="sm" c="dimmed">No authentication attempts recorded.</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={6} data-testid="auth-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th><Table.Th>Result</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Method</Table.Th>
            <Table.Th>MAC</Table.Th><Table.Th>Router</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
              <Table.Td><Badge color={a.result === 'ACCEPT' ? 'green' : 'red'} variant="light">{a.result.toLowerCase()}</Badge></Table.Td>
              <Table.Td>
                <Text size="sm">{reasonText[a.reason] ?? a.reason}</Text>
                {a.detail && <Text size="xs" c="dimmed">{a.detail}</Text>}
              </Table.Td>
              <Table.Td>{a.method}</Table.Td>
              <Table.Td className="mono">{a.callingStationId ?? '—'}</Table.Td>
              <Table.Td>{a.nas?.name ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface ModalProps {
  opened: boolean;
  onClose: () => void;
  customer: Customer;
  onDone?: () => void;
}

function DisconnectModal({ opened, onClose, customer, onDone }: ModalProps) {
  const [state, run] = useMutation(DisconnectMutation);
  const [result, setResult] = useState<SessionActionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Disconnect ${customer.username}?`}>
      {result ? (
        <Stack>
          <Text size="sm">The router's answer:</Text>
          <OutcomeList actions={result} empty="No open session: nothing to disconnect." />
          <Group justify="flex-end"><Button onClick={close}>Close</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            The router drops the customer's PPPoE session now (RADIUS Disconnect, or the RouterOS API). The customer's
            router will usually dial again at once unless the account is suspended or expired.
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button
              color="red"
              loading={state.fetching}
              data-testid="confirm-disconnect"
              onClick={async () => {
                const r = await run({ id: customer.id });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else {
                  setResult(r.data.disconnectCustomer.sessions);
                  onDone?.();
                }
              }}
            >
              Disconnect
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function ProfileModal({ opened, onClose, customer, onDone }: ModalProps) {
  const [profiles] = useQuery({ query: ProfileOptionsQuery, pause: !opened });
  const [state, run] = useMutation(ChangeProfileMutation);
  const [value, setValue] = useState<string | null>(customer.profile.id);
  const [result, setResult] = useState<{ name: string; sessions: SessionActionView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) setValue(customer.profile.id);
  }, [opened, customer.profile.id]);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  const options = (profiles.data?.profiles.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name} · ↓${formatSpeed(e.node.downloadKbps)} ↑${formatSpeed(e.node.uploadKbps)} · ${formatMoney(e.node.price)}` }] : [],
  );
  return (
    <Modal opened={opened} onClose={close} title="Edit Profile" size="lg">
      {result ? (
        <Stack>
          <Alert color="green">Now on {result.name}. Applied to the live session(s):</Alert>
          <OutcomeList actions={result.sessions} empty="Not online: the new plan applies at the next connection." />
          <Group justify="flex-end"><Button onClick={close}>Close</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <Select label="Profile" data={options} value={value} onChange={setValue} searchable data-testid="profile-select" comboboxProps={{ withinPortal: true }} />
          <Text size="xs" c="dimmed">
            The change is applied live: the router gets a CoA with the new rate limit, or the session is reconnected.
          </Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button
              loading={state.fetching}
              disabled={!value || value === customer.profile.id}
              data-testid="confirm-profile"
              onClick={async () => {
                const r = await run({ id: customer.id, profileID: value! });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else {
                  setResult({ name: r.data.changeCustomerProfile.customer.profile.name, sessions: r.data.changeCustomerProfile.sessions });
                  onDone?.();
                }
              }}
            >
              Change profile
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function ResumeButton({ id }: { id: string }) {
  const [state, run] = useMutation(ResumeMutation);
  return (
    <Button
      variant="light"
      color="green"
      leftSection={<IconPlayerPlay size={16} />}
      loading={state.fetching}
      data-testid="resume"
      onClick={async () => {
        const r = await run({ id });
        notifications.show(r.error ? { color: 'red', message: errorMessage(r.error) } : { color: 'green', message: 'Customer resumed' });
      }}
    >
      Resume
    </Button>
  );
}

function SuspendModal({ opened, onClose, customer, onDone }: ModalProps) {
  const [state, run] = useMutation(SuspendMutation);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={`Suspend ${customer.username}?`}>
      <Stack>
        <Text size="sm">The customer is refused at the next login and any open session is disconnected.</Text>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button
            color="orange"
            loading={state.fetching}
            data-testid="confirm-suspend"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error) setError(errorMessage(r.error));
              else {
                notifications.show({ color: 'orange', message: `${customer.username} suspended` });
                onDone?.();
                onClose();
              }
            }}
          >
            Suspend
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PasswordModal({ opened, onClose, customer }: ModalProps) {
  const [state, run] = useMutation(PasswordMutation);
  const [pw, setPw] = useState('');
  const [result, setResult] = useState<{ generated: string | null; warnings: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setPw('');
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Reset the PPPoE password of ${customer.username}`}>
      {result ? (
        <Stack>
          {result.generated ? (
            <Alert color="yellow" title="New password: shown only this once">
              <Group gap="xs">
                <Code fz="lg" data-testid="new-password">{result.generated}</Code>
                <CopyButton value={result.generated}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : 'Copy'}>
                      <Button size="xs" variant="light" onClick={copy} leftSection={<IconCopy size={14} />}>{copied ? 'Copied' : 'Copy'}</Button>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          ) : (
            <Alert color="green">Password changed.</Alert>
          )}
          {result.warnings.map((w) => <Alert key={w} color="orange">{w}</Alert>)}
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <TextInput
            label="New password"
            description="Leave empty to generate a strong one"
            value={pw}
            onChange={(e) => setPw(e.currentTarget.value)}
            autoComplete="new-password"
            error={pw && pw.length < 8 ? 'At least 8 characters' : undefined}
          />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button
              loading={state.fetching}
              disabled={!!pw && pw.length < 8}
              onClick={async () => {
                const r = await run({ id: customer.id, password: pw || null });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else setResult({ generated: r.data.setCustomerPassword.generatedPassword ?? null, warnings: r.data.setCustomerPassword.warnings });
              }}
            >
              {pw ? 'Set password' : 'Generate password'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** The payment methods the server accepts (billing.Methods). */
export const PAYMENT_METHODS = ['cash', 'mpesa', 'paystack', 'bank', 'card', 'voucher', 'other'];

export function validatePayment(v: { amount: string; method: string; reference: string }) {
  const amount = parseMoney(v.amount);
  const method = v.method.trim().toLowerCase();
  return {
    amount: amount == null ? 'Enter an amount, e.g. 1500 or 1500.50' : amount <= 0 ? 'The amount must be positive' : null,
    method: !method ? 'How was it paid?' : PAYMENT_METHODS.includes(method) ? null : `Choose one of ${PAYMENT_METHODS.join(', ')}`,
    // Cash may go without a reference: the server makes one.
    reference: v.reference.trim() || method === 'cash' ? null : 'Enter the receipt or transaction reference',
  };
}

function PaymentModal({ opened, onClose, customer, onDone }: ModalProps) {
  const [state, run] = useMutation(PaymentMutation);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { amount: '', method: 'cash', reference: '', note: '' },
    validate: (v) => validatePayment(v),
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Record a payment from ${customer.username}`}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({
            input: { customerID: customer.id, amount: parseMoney(v.amount)!, method: v.method.trim(), reference: v.reference.trim(), note: v.note.trim() || null },
          });
          if (r.error || !r.data) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', title: 'Payment recorded', message: `Balance now ${formatMoney(r.data.recordPayment.balanceAfter)}` });
          onDone?.();
          close();
        })}
      >
        <Stack>
          <TextInput label="Amount" required inputMode="decimal" placeholder={formatMoney(customer.profile.price)} {...form.getInputProps('amount')} data-testid="payment-amount" />
          <Select label="Method" required allowDeselect={false} data={PAYMENT_METHODS} {...form.getInputProps('method')} comboboxProps={{ withinPortal: true }} />
          <TextInput label="Reference" required={form.values.method !== 'cash'}
            description={form.values.method === 'cash' ? 'Optional for cash: left empty, one is made' : 'Unique per method, e.g. the M-Pesa code'}
            {...form.getInputProps('reference')} data-testid="payment-reference" />
          <TextInput label="Note" {...form.getInputProps('note')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={state.fetching} data-testid="confirm-payment">Record payment</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenewModal({ opened, onClose, customer, onDone }: ModalProps) {
  const [state, run] = useMutation(RenewMutation);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const enough = customer.balance >= customer.profile.price;
  return (
    <Modal opened={opened} onClose={close} title={`Renew ${customer.username}`}>
      <Stack>
        <Text size="sm">
          Charges {formatMoney(customer.profile.price)} from the balance ({formatMoney(customer.balance)}) for {customer.profile.validityDays} more
          days of {customer.profile.name}, and starts a new usage period.
        </Text>
        {!enough && <Alert color="orange">The balance does not cover the price: record a payment first.</Alert>}
        {error && <Alert color="red" role="alert" data-testid="renew-error">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button
            loading={state.fetching}
            data-testid="confirm-renew"
            onClick={async () => {
              const r = await run({ id: customer.id });
              if (r.error || !r.data) setError(errorMessage(r.error));
              else {
                notifications.show({ color: 'green', title: 'Renewed', message: `Expires ${formatDateTime(r.data.renewCustomer.expiresAt)}` });
                onDone?.();
                close();
              }
            }}
          >
            Renew now
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EditModal({ opened, onClose, customer: c, onDone }: ModalProps) {
  const [state, run] = useMutation(UpdateCustomerMutation);
  const [error, setError] = useState<string | null>(null);
  const init = () => ({
    phone: c.phone, fullName: c.fullName ?? '', email: c.email ?? '', address: c.address ?? '',
    staticIp: c.staticIP ?? '', macLock: c.macLock ?? '', autoRenew: c.autoRenew, maxSessions: c.maxSessions,
  });
  const form = useForm({
    initialValues: init(),
    validate: {
      phone: validatePhone,
      email: validateEmail,
      staticIp: validateIPv4,
      macLock: validateMac,
    },
  });
  useEffect(() => {
    if (opened) form.setValues(init());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${c.username}`} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setError(null);
          const r = await run({
            id: c.id,
            input: {
              phone: v.phone.trim(),
              ...(v.fullName.trim() ? { fullName: v.fullName.trim() } : { clearFullName: true }),
              ...(v.email.trim() ? { email: v.email.trim() } : { clearEmail: true }),
              ...(v.address.trim() ? { address: v.address.trim() } : { clearAddress: true }),
              ...(v.staticIp.trim() ? { staticIp: v.staticIp.trim() } : { clearStaticIp: true }),
              ...(v.macLock.trim() ? { macLock: normalizeMac(v.macLock) } : { clearMacLock: true }),
              autoRenew: v.autoRenew,
              maxSessions: v.maxSessions,
            },
          });
          if (r.error) {
            const s = splitErrors(r.error);
            form.setErrors(s.fields);
            setError(s.general);
            return;
          }
          notifications.show({ color: 'green', message: 'Saved' });
          onDone?.();
          onClose();
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Phone" required {...form.getInputProps('phone')} />
          <TextInput label="Full name" {...form.getInputProps('fullName')} />
          <TextInput label="E-mail" {...form.getInputProps('email')} />
          <TextInput label="Address" {...form.getInputProps('address')} />
          <TextInput label="Static IP" {...form.getInputProps('staticIp')} />
          <TextInput label="MAC lock" {...form.getInputProps('macLock')} />
          <NumberInput label="Max sessions" min={1} max={10} {...form.getInputProps('maxSessions')} />
          <Switch mt="lg" label="Auto-renew" {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
        </SimpleGrid>
        {error && <Alert color="red" role="alert" mt="sm">{error}</Alert>}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={state.fetching}>Save</Button>
        </Group>
      </form>
    </Modal>
  );
}
