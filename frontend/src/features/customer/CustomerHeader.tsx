import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from '../../lib/router';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { PageHeader } from '../../components/PageHeader';
import { AccessBadge } from '../../components/AccessState';

export const CustomerHeaderFragment = graphql(`
  fragment CustomerHeader_customer on Customer { id username accountNo fullName connectionStatus status accessState expiresAt archivedAt }
`);

/** The way back to the list, the customer's name and its one state (what the router does with it now). */
export function CustomerHeader(props: { customer: FragmentType<typeof CustomerHeaderFragment> }) {
  const c = useFragment(CustomerHeaderFragment, props.customer);
  const { t } = useTranslation('customer');
  return (
    <>
      <Anchor component={Link} to="/customers" size="sm" mb={4} display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('header.back')}
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
          <AccessBadge customer={c} />
        }
      />
    </>
  );
}
