// The plan form's address pool (pool mode): linedesk gives Framed-IP-Address from this IPv4
// pool at login; empty, the router assigns (Framed-Pool or its default).
import { Select } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../../gql';

const PoolChoices = graphql(`
  query PoolChoices { pools { id name family free } }
`);

export function PoolSelect(props: { value: string | null; onChange: (v: string | null) => void; error?: React.ReactNode }) {
  const [res] = useQuery({ query: PoolChoices });
  const data = (res.data?.pools ?? []).filter((p) => p.family === 'IPV4').map((p) => ({ value: p.id, label: `${p.name} (${p.free} free)` }));
  return (
    <Select
      label="Address pool (linedesk assigns)"
      description="linedesk gives each login an address of this pool (Framed-IP-Address); empty: the router does"
      data={data}
      clearable
      data-testid="plan-address-pool"
      {...props}
    />
  );
}
