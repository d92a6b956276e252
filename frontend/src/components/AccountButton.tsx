// The header's account button, part of the first load; the menu it opens is AccountMenu.tsx.
import { Avatar, Group, Text, UnstyledButton, type UnstyledButtonProps } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import type { ComponentPropsWithRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../lib/me';

type ButtonProps = UnstyledButtonProps & ComponentPropsWithRef<'button'>;

/** The header's account button: the staff member's initial, name and role. */
export function AccountButton({ staff, ...props }: { staff: Me | null } & ButtonProps) {
  const { t } = useTranslation();
  return (
    <UnstyledButton aria-label={t('shell.accountMenu')} data-testid="account-menu" {...props}>
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
  );
}
