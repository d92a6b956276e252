import { AppShell, Burger, Group, NavLink, Text, UnstyledButton, Badge } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconGauge, IconUsers, IconRouter, IconListSearch, IconStack2, IconUserShield, IconHistory, IconBell,
  IconSettings, IconCode, IconPlugConnected, IconCash, IconCreditCard, IconChartBar, IconTicket,
} from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './QueryState';
import { ErrorBoundary } from './ErrorBoundary';
import { Link as RouterNavLink, useLocation, useNavigate } from '../lib/router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { setToken } from '../lib/auth';
import { resetSubscriptions } from '../lib/client';
import { setCurrency, setTimeZone } from '../lib/format';
import { can } from '../lib/roles';
import { Shortcuts } from './Shortcuts';
import { AccountButton } from './AccountButton';
import { useLater } from '../lib/later';
import { MeContext } from '../lib/me';
import type commonStrings from '../i18n/locales/en/common.json';
import { useServerLanguage } from '../features/account/language';

// The menu itself (and the positioning library it needs) is not part of the first load.
const loadAccountMenu = () => import('./AccountMenu');
const AccountMenu = lazy(() => loadAccountMenu().then((m) => ({ default: m.AccountMenu })));

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

/** The frame of every signed-in page: header, navigation, and the page (children). */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  // the account menu's code: fetched a moment after the page (useLater), or at once when the
  // button is pressed before (the menu then opens as it arrives); the button becomes the menu's
  // only once the code is here, so a press never falls between the two
  const later = useLater();
  const [menuPressed, setMenuPressed] = useState(false);
  const [menuLoaded, setMenuLoaded] = useState(false);
  const buttonFocused = useRef(false);
  useEffect(() => {
    if (later || menuPressed) void loadAccountMenu().then(() => setMenuLoaded(true));
  }, [later, menuPressed]);
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
            {menuLoaded ? (
              <Suspense fallback={<AccountButton staff={staff ?? null} onClick={() => setMenuPressed(true)} />}>
                <AccountMenu staff={staff ?? null} onLogout={doLogout} opened={menuPressed} focus={buttonFocused.current} />
              </Suspense>
            ) : (
              <AccountButton
                staff={staff ?? null}
                onFocus={() => (buttonFocused.current = true)}
                onBlur={() => (buttonFocused.current = false)}
                onClick={() => setMenuPressed(true)}
              />
            )}
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('shell.mainNavigation')}>
          {/* a plain scrolling box: Mantine's ScrollArea brings the popover library into the first load */}
          <AppShell.Section grow className="nav-scroll">
            {links
              .filter((l) => !l.needs || can(staff?.role, l.needs))
              .map((l) => (
                <NavLink
                  key={l.to}
                  component={RouterNavLink}
                  to={l.to}
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
              {children}
            </Suspense>
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </MeContext.Provider>
  );
}
