import { Fieldset, SimpleGrid, TextInput } from '@mantine/core';
import type { IPv6Values } from './ipv6';

interface Props {
  /** getInputProps of the form, for the paths ipv6.framedPrefix and so on */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputProps: (path: string) => any;
  /** what is used when a field is left empty (a customer inherits the plan's) */
  inherited?: IPv6Values;
  legend?: string;
}

/** The IPv6 fields of the plan form and the customer forms. */
export function IPv6Fields({ inputProps, inherited, legend = 'IPv6' }: Props) {
  const hint = (k: keyof IPv6Values, fallback: string) => (inherited?.[k] ? `plan: ${inherited[k]}` : fallback);
  return (
    <Fieldset legend={legend} data-testid="ipv6-fields">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="IPv6 WAN prefix" description="Framed-IPv6-Prefix, /64 to /128" placeholder={hint('framedPrefix', '2001:db8:1:2::/64')}
          {...inputProps('ipv6.framedPrefix')} />
        <TextInput label="Delegated prefix" description="Delegated-IPv6-Prefix (DHCPv6-PD), /40 to /64" placeholder={hint('delegatedPrefix', '2001:db8:100::/56')}
          {...inputProps('ipv6.delegatedPrefix')} />
        <TextInput label="IPv6 WAN pool" description="Framed-IPv6-Pool: a pool on the router" placeholder={hint('framedPool', 'router default')}
          {...inputProps('ipv6.framedPool')} />
        <TextInput label="Delegation pool" description="Delegated-IPv6-Prefix-Pool and Mikrotik-Delegated-IPv6-Pool" placeholder={hint('delegatedPool', 'router default')}
          {...inputProps('ipv6.delegatedPool')} />
      </SimpleGrid>
    </Fieldset>
  );
}
