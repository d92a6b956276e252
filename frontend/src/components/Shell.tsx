import { AppShell, Burger, Group, NavLink, Text, Menu, UnstyledButton, Avatar, ScrollArea, Badge } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconGauge, IconUsers, IconRouter, IconListSearch, IconStack2, IconUserShield, IconHistory, IconBell,
  IconSettings, IconCode, IconLogout, IconChevronDown, IconPlugConnected, IconCash, IconCreditCard,
  IconChartBar, IconTicket, IconUserCircle,
} from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './QueryState';
import { ErrorBoundary } from './ErrorBoundary';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { setToken } from '../lib/auth';
import { resetSubscriptions } from '../lib/client';
import { setCurrency, setTimeZone } from '../lib/format';
import { can } from '../lib/roles';
import { Shortcuts } from './Shortcuts';
import { LanguageMenuItems } from './LanguageMenu';
import { MeContext } from '../lib/me';
import type commonStrings from '../i18n/locales/en/common.json';
import { useServerLanguage } from '../features/account/language';

const MeQuery = graphql(`
  query Me {
    me { id username fullName role language }
  }
`);

// The locale is readable by every role (settings are admin only).
const CurrencyQuery = graphql(`
  query Currency {
    locale { currency timeZone language }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

// Names, not words: the same in every language.
const PRODUCT = 'linedesk';
const PROTOCOLS = 'PPPoE · RADIUS';

type NavKey = keyof (typeof commonStrings)['shell']['nav'];

interface NavItem {
  to: string;
  /** the key under shell.nav in the common namespace */
  label: NavKey;
  icon: typeof IconGauge;
  end?: boolean;
  needs?: Parameters<typeof can>[1];
}

const links: NavItem[] = [
  { to: '/', label: 'dashboard', icon: IconGauge, end: true },
  { to: '/customers', label: 'customers', icon: IconUsers },
  { to: '/sessions', label: 'sessions', icon: IconPlugConnected },
  { to: '/payments', label: 'payments', icon: IconCash, end: true },
  { to: '/payments/unmatched', label: 'unmatched', icon: IconCash },
  { to: '/reports', label: 'reports', icon: IconChartBar },
  { to: '/vouchers', label: 'vouchers', icon: IconTicket },
  { to: '/profiles', label: 'profiles', icon: IconStack2 },
  { to: '/pools', label: 'pools', icon: IconStack2 },
  { to: '/nas', label: 'nas', icon: IconRouter },
  { to: '/radius-log', label: 'radiusLog', icon: IconListSearch },
  { to: '/notifications', label: 'notifications', icon: IconBell, needs: 'notifications' },
  { to: '/audit', label: 'audit', icon: IconHistory, needs: 'auditLog' },
  { to: '/staff', label: 'staff', icon: IconUserShield, needs: 'staffMembers' },
  { to: '/settings', label: 'settings', icon: IconSettings, needs: 'settings' },
  { to: '/payments/gateways', label: 'gateways', icon: IconCreditCard, needs: 'paymentGateways' },
  { to: '/explorer', label: 'explorer', icon: IconCode },
];

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const [me] = useQuery({ query: MeQuery });
  const [cur] = useQuery({ query: CurrencyQuery });
  const [, logout] = useMutation(LogoutMutation);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(close, [location.pathname, close]);
  const currency = cur.data?.locale.currency;
  if (currency) setCurrency(currency);
  const zone = cur.data?.locale.timeZone;
  if (zone) setTimeZone(zone);

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
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNavigation')} />
              <UnstyledButton component={RouterNavLink} to="/" aria-label={t('shell.home')}>
                <Group gap={8} wrap="nowrap">
                  <img src="/favicon.svg" width={26} height={26} alt="" />
                  <Text fw={700} size="lg">{PRODUCT}</Text>
                </Group>
              </UnstyledButton>
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('shell.accountMenu')} data-testid="account-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={30} radius="xl" color="blue">
                      {(staff?.username ?? '?').slice(0, 1).toUpperCase()}
                    </Avatar>
                    <div className="hide-xs">
                      <Text size="sm" fw={500} lh={1.1}>{staff?.fullName || staff?.username || '…'}</Text>
                      {staff && <Text size="xs" c="dimmed" lh={1.1}>{t(`shell.roles.${staff.role}`)}</Text>}
                    </div>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('shell.signedInAs', { username: staff?.username ?? '' })}</Menu.Label>
                <Menu.Item leftSection={<IconUserCircle size={16} />} component={RouterNavLink} to="/account" data-testid="my-account">
                  {t('shell.myAccount')}
                </Menu.Item>
                <Menu.Divider />
                <LanguageMenuItems />
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={doLogout} data-testid="logout">
                  {t('shell.logOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('shell.mainNavigation')}>
          <AppShell.Section grow component={ScrollArea}>
            {links
              .filter((l) => !l.needs || can(staff?.role, l.needs))
              .map((l) => (
                <NavLink
                  key={l.to}
                  component={RouterNavLink}
                  to={l.to}
                  end={l.end}
                  label={t(`shell.nav.${l.label}`)}
                  leftSection={<l.icon size={18} stroke={1.6} />}
                  active={l.end ? location.pathname === l.to : location.pathname.startsWith(l.to)}
                  variant="light"
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                />
              ))}
          </AppShell.Section>
          <AppShell.Section>
            <Group justify="space-between" px="xs" py={4}>
              <Text size="xs" c="dimmed">{PROTOCOLS}</Text>
              {staff && <Badge size="xs" variant="light">{t(`shell.roles.${staff.role}`)}</Badge>}
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
