import { Fieldset, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
export function IPv6Fields({ inputProps, inherited, legend }: Props) {
  const { t } = useTranslation('ipv6');
  const hint = (k: keyof IPv6Values, fallback: string) => (inherited?.[k] ? t('fields.inherited', { value: inherited[k] }) : fallback);
  return (
    <Fieldset legend={legend ?? t('fields.legend')} data-testid="ipv6-fields">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('fields.framedPrefix')} description={t('fields.framedPrefixHint')} placeholder={hint('framedPrefix', '2001:db8:1:2::/64')}
          {...inputProps('ipv6.framedPrefix')} />
        <TextInput label={t('fields.delegatedPrefix')} description={t('fields.delegatedPrefixHint')} placeholder={hint('delegatedPrefix', '2001:db8:100::/56')}
          {...inputProps('ipv6.delegatedPrefix')} />
        <TextInput label={t('fields.framedPool')} description={t('fields.framedPoolHint')} placeholder={hint('framedPool', t('fields.routerDefault'))}
          {...inputProps('ipv6.framedPool')} />
        <TextInput label={t('fields.delegatedPool')} description={t('fields.delegatedPoolHint')} placeholder={hint('delegatedPool', t('fields.routerDefault'))}
          {...inputProps('ipv6.delegatedPool')} />
      </SimpleGrid>
    </Fieldset>
  );
}
