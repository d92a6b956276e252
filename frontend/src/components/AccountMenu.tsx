// The account menu of the header (my account, the language, log out): its own chunk with the
// menu's positioning library, fetched while the first page loads. Until then the shell shows
// the same button (AccountButton); a press on it opens the menu as soon as it has arrived.
import { Menu } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router';
import type { Me } from '../lib/me';
import { LanguageMenuItems } from './LanguageMenu';
import { AccountButton } from './AccountButton';

/**
 * The menu under the account button; opened at once when the button was pressed before it
 * arrived (opened), else given the focus when the button it replaces had it (focus).
 */
export function AccountMenu({ staff, onLogout, opened, focus }: { staff: Me | null; onLogout: () => void; opened: boolean; focus: boolean }) {
  const { t } = useTranslation();
  const target = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus && !opened) target.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, when it replaces the button
  return (
    <Menu position="bottom-end" withinPortal defaultOpened={opened}>
      <Menu.Target>
        <AccountButton staff={staff} ref={target} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.signedInAs', { username: staff?.username ?? '' })}</Menu.Label>
        <Menu.Item leftSection={<IconUserCircle size={16} />} component={Link} to="/account" data-testid="my-account">
          {t('shell.myAccount')}
        </Menu.Item>
        <Menu.Divider />
        <LanguageMenuItems />
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={onLogout} data-testid="logout">
          {t('shell.logOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
