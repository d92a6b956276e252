import { Alert, Button, Card, CopyButton, Group, Stack, Text, Title, Code, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCircleCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from '../lib/router';
import { ipv6Input } from '../features/ipv6/ipv6';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { CustomerForm } from '../components/CustomerForm';
import { ProfileOptionsQuery } from './CustomersPage';
import { splitErrors, type SplitErrors } from '../lib/errors';
import { formatMoney } from '../lib/format';

const CreateCustomerMutation = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      customer { id accountNo username expiresAt }
      generatedPassword
      warnings
    }
  }
`);

interface Created {
  id: string;
  accountNo: string;
  username: string;
  password: string | null;
  warnings: string[];
}

export function NewCustomerPage() {
  const { t } = useTranslation('customers');
  const [profiles] = useQuery({ query: ProfileOptionsQuery });
  const [state, create] = useMutation(CreateCustomerMutation);
  const [errors, setErrors] = useState<SplitErrors>({ fields: {}, general: null });
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);

  const options = (profiles.data?.profiles.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: t('new.option', { name: e.node.name, price: formatMoney(e.node.price), count: e.node.validityDays }) }] : [],
  );

  if (created) {
    return (
      <>
        <PageHeader title={t('new.created')} />
        <Card withBorder padding="lg" maw={640} data-testid="created-card">
          <Stack>
            <Group gap="sm">
              <IconCircleCheck size={28} color="var(--mantine-color-green-7)" />
              <Title order={2} size="h3">{created.username}</Title>
            </Group>
            <div>
              <Text size="sm" c="dimmed">{t('new.accountNumber')}</Text>
              <Text fz={28} fw={700} className="mono" data-testid="created-account-no">{created.accountNo}</Text>
            </div>
            {created.password && (
              <Alert color="yellow" title={t('new.generated')}>
                <Group gap="xs">
                  <Code fz="lg" data-testid="created-password">{created.password}</Code>
                  <CopyButton value={created.password}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy}>
                        {copied ? t('new.copied') : t('new.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Text size="sm" mt={6}>{t('new.giveIt')}</Text>
              </Alert>
            )}
            {created.warnings.length > 0 && (
              <Alert color="orange" title={t('new.warnings')}>
                <List size="sm">{created.warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}</List>
              </Alert>
            )}
            <Group>
              <Button component={Link} to={`/customers/${created.id}`} data-testid="open-created">{t('new.open')}</Button>
              <Button variant="default" onClick={() => { setCreated(null); setFormKey((k) => k + 1); }}>{t('new.another')}</Button>
            </Group>
          </Stack>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('page.add')} subtitle={t('new.subtitle')} />
      <Card withBorder padding="lg" maw={900}>
        <CustomerForm
          key={formKey}
          profiles={options}
          submitting={state.fetching}
          serverErrors={errors.fields}
          generalError={errors.general}
          onSubmit={async (v) => {
            setErrors({ fields: {}, general: null });
            const res = await create({
              input: {
                username: v.username,
                password: v.password || null,
                phone: v.phone.trim(),
                fullName: v.fullName.trim() || null,
                email: v.email.trim() || null,
                address: v.address.trim() || null,
                profileID: v.profileID,
                staticIp: v.staticIP.trim() || null,
                macLock: v.macLock || null,
                autoRenew: v.autoRenew,
                ipv6: Object.values(v.ipv6).some((x) => x.trim()) ? ipv6Input(v.ipv6) : null,
              },
            });
            if (res.error || !res.data) {
              setErrors(splitErrors(res.error));
              return;
            }
            const p = res.data.createCustomer;
            setCreated({
              id: p.customer.id,
              accountNo: p.customer.accountNo,
              username: p.customer.username,
              password: p.generatedPassword ?? null,
              warnings: p.warnings,
            });
          }}
        />
      </Card>
    </>
  );
}
