import { AppShell, Burger, Group, NavLink, Text, Menu, UnstyledButton, Avatar, ScrollArea, Badge } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconGauge, IconUsers, IconRouter, IconListSearch, IconStack2, IconUserShield, IconHistory, IconBell,
  IconSettings, IconCode, IconLogout, IconChevronDown, IconPlugConnected, IconCash, IconCreditCard,
  IconChartBar, IconTicket, IconUserCircle,
} from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { Loading } from './QueryState';
import { ErrorBoundary } from './ErrorBoundary';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { setToken } from '../lib/auth';
import { resetSubscriptions } from '../lib/client';
import { setCurrency } from '../lib/format';
import { can } from '../lib/roles';
import { Shortcuts } from './Shortcuts';
import { MeContext } from '../lib/me';
import { useServerLanguage } from '../features/account/language';

const MeQuery = graphql(`
  query Me {
    me { id username fullName role language }
  }
`);

// The locale is readable by every role (settings are admin only).
const CurrencyQuery = graphql(`
  query Currency {
    locale { currency language }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

const links = [
  { to: '/', label: 'Dashboard', icon: IconGauge, end: true },
  { to: '/customers', label: 'Customers', icon: IconUsers },
  { to: '/sessions', label: 'Online sessions', icon: IconPlugConnected },
  { to: '/payments', label: 'Payments', icon: IconCash, end: true },
  { to: '/payments/unmatched', label: 'Unmatched payments', icon: IconCash },
  { to: '/reports', label: 'Reports', icon: IconChartBar },
  { to: '/vouchers', label: 'Vouchers', icon: IconTicket },
  { to: '/profiles', label: 'Profiles', icon: IconStack2 },
  { to: '/nas', label: 'Routers (NAS)', icon: IconRouter },
  { to: '/radius-log', label: 'RADIUS log', icon: IconListSearch },
  { to: '/notifications', label: 'Notifications', icon: IconBell, needs: 'notifications' },
  { to: '/audit', label: 'Audit log', icon: IconHistory, needs: 'auditLog' },
  { to: '/staff', label: 'Staff & API tokens', icon: IconUserShield, needs: 'staffMembers' },
  { to: '/settings', label: 'Settings', icon: IconSettings, needs: 'settings' },
  { to: '/payments/gateways', label: 'Payment gateways', icon: IconCreditCard, needs: 'paymentGateways' },
  { to: '/explorer', label: 'GraphQL explorer', icon: IconCode },
];

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const [me] = useQuery({ query: MeQuery });
  const [cur] = useQuery({ query: CurrencyQuery });
  const [, logout] = useMutation(LogoutMutation);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(close, [location.pathname, close]);
  const currency = cur.data?.locale.currency;
  if (currency) setCurrency(currency);

  const staff = me.data?.me;
  // the staff member's language, else the installation's, once the server has said
  useServerLanguage(me.data ? staff?.language ?? null : undefined, cur.data?.locale.language);

  const doLogout = async () => {
    await logout({}).catch(() => undefined);
    resetSubscriptions();
    setToken(null);
    navigate('/login', { replace: true });
  };

  return (
    <MeContext.Provider value={staff ?? null}>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
              <UnstyledButton component={RouterNavLink} to="/" aria-label="linedesk home">
                <Group gap={8} wrap="nowrap">
                  <img src="/favicon.svg" width={26} height={26} alt="" />
                  <Text fw={700} size="lg">linedesk</Text>
                </Group>
              </UnstyledButton>
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label="Account menu" data-testid="account-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={30} radius="xl" color="blue">
                      {(staff?.username ?? '?').slice(0, 1).toUpperCase()}
                    </Avatar>
                    <div className="hide-xs">
                      <Text size="sm" fw={500} lh={1.1}>{staff?.fullName || staff?.username || '…'}</Text>
                      {staff && <Text size="xs" c="dimmed" lh={1.1}>{staff.role.toLowerCase()}</Text>}
                    </div>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {staff?.username}</Menu.Label>
                <Menu.Item leftSection={<IconUserCircle size={16} />} component={RouterNavLink} to="/account" data-testid="my-account">
                  My account
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={doLogout} data-testid="logout">
                  Log out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Main">
          <AppShell.Section grow component={ScrollArea}>
            {links
              .filter((l) => !l.needs || can(staff?.role, l.needs))
              .map((l) => (
                <NavLink
                  key={l.to}
                  component={RouterNavLink}
                  to={l.to}
                  end={l.end}
                  label={l.label}
                  leftSection={<l.icon size={18} stroke={1.6} />}
                  active={l.end ? location.pathname === l.to : location.pathname.startsWith(l.to)}
                  variant="light"
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                />
              ))}
          </AppShell.Section>
          <AppShell.Section>
            <Group justify="space-between" px="xs" py={4}>
              <Text size="xs" c="dimmed">PPPoE · RADIUS</Text>
              {staff && <Badge size="xs" variant="light">{staff.role}</Badge>}
            </Group>
          </AppShell.Section>
        </AppShell.Navbar>
        <Shortcuts />
        <AppShell.Main>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </MeContext.Provider>
  );
}
