// The plan form's IPv6 prefix pools (IPv6 pool mode): linedesk gives each login its own
// Framed-IPv6-Prefix and Delegated-IPv6-Prefix from these IPv6 pools; empty, the plan's fixed
// prefix (if any) or the router's pools apply.
import { Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatNumber } from '../../lib/format';
import { graphql } from '../../gql';

const PrefixPoolChoices = graphql(`
  query PrefixPoolChoices { pools { id name family prefixLength free } }
`);

interface Props {
  /** getInputProps of the form, for framedPrefixPoolID and delegatedPrefixPoolID */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputProps: (path: string) => any;
}

/** Only pools whose prefix length fits: /64–/128 for the WAN prefix, /40–/64 for delegation. */
export function prefixPoolOptions(pools: { id: string; name: string; family: string; prefixLength?: number | null; free: number }[],
  min: number, max: number, label: (name: string, length: number, free: string) => string) {
  return pools
    .filter((p) => p.family === 'IPV6' && p.prefixLength != null && p.prefixLength >= min && p.prefixLength <= max)
    .map((p) => ({ value: p.id, label: label(p.name, p.prefixLength ?? 0, formatNumber(p.free)) }));
}

export function PrefixPoolSelects({ inputProps }: Props) {
  const { t } = useTranslation('ipv6');
  const [res] = useQuery({ query: PrefixPoolChoices });
  const pools = res.data?.pools ?? [];
  const label = (name: string, length: number, free: string) => t('fields.poolOption', { name, length, free });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select label={t('fields.framedPrefixPool')} description={t('fields.framedPrefixPoolHint')} clearable
        data={prefixPoolOptions(pools, 64, 128, label)} data-testid="plan-framed-prefix-pool" {...inputProps('framedPrefixPoolID')} />
      <Select label={t('fields.delegatedPrefixPool')} description={t('fields.delegatedPrefixPoolHint')} clearable
        data={prefixPoolOptions(pools, 40, 64, label)} data-testid="plan-delegated-prefix-pool" {...inputProps('delegatedPrefixPoolID')} />
    </SimpleGrid>
  );
}
