import { Button, Card, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatBytes, formatMoney, formatSpeed } from '../../lib/format';

export const ProfileCardFragment = graphql(`
  fragment ProfileCard_customer on Customer {
    id
    profile { id name downloadKbps uploadKbps dataLimitBytes validityDays price afterCapProfile { id name } }
  }
`);

/** The customer's plan; `onChange` (writers only) opens the change-profile dialog. */
export function ProfileCard(props: { customer: FragmentType<typeof ProfileCardFragment>; onChange?: () => void }) {
  const { profile: p } = useFragment(ProfileCardFragment, props.customer);
  const { t } = useTranslation('customer');
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{t('profile.title')}</Title>
        {props.onChange && <Button size="xs" variant="subtle" onClick={props.onChange}>{t('profile.edit')}</Button>}
      </Group>
      <Text fw={600} size="lg" data-testid="profile-name">{p.name}</Text>
      <Text size="sm" c="dimmed">
        ↓ {formatSpeed(p.downloadKbps)} · ↑ {formatSpeed(p.uploadKbps)} ·{' '}
        {p.dataLimitBytes ? t('profile.cap', { size: formatBytes(p.dataLimitBytes) }) : t('profile.unlimited')} ·{' '}
        {t('profile.days', { count: p.validityDays })} ·{' '}
        {formatMoney(p.price)}
      </Text>
      {p.afterCapProfile && <Text size="xs" c="dimmed">{t('profile.afterCap', { name: p.afterCapProfile.name })}</Text>}
    </Card>
  );
}
