// The plan form's address pool (pool mode): linedesk gives Framed-IP-Address from this IPv4
// pool at login; empty, the router assigns (Framed-Pool or its default).
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatNumber } from '../../lib/format';
import { graphql } from '../../gql';

const PoolChoices = graphql(`
  query PoolChoices { pools { id name family free } }
`);

export function PoolSelect(props: { value: string | null; onChange: (v: string | null) => void; error?: React.ReactNode }) {
  const { t } = useTranslation('pools');
  const [res] = useQuery({ query: PoolChoices });
  const data = (res.data?.pools ?? []).filter((p) => p.family === 'IPV4').map((p) => ({ value: p.id, label: t('select.option', { name: p.name, free: formatNumber(p.free) }) }));
  return (
    <Select
      label={t('select.label')}
      description={t('select.hint')}
      data={data}
      clearable
      data-testid="plan-address-pool"
      {...props}
    />
  );
}
