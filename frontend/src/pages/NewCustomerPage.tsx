import { Alert, Button, Card, CopyButton, Group, Stack, Text, Title, Code, List } from '@mantine/core';
import { IconCircleCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
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
  const [profiles] = useQuery({ query: ProfileOptionsQuery });
  const [state, create] = useMutation(CreateCustomerMutation);
  const [errors, setErrors] = useState<SplitErrors>({ fields: {}, general: null });
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);

  const options = (profiles.data?.profiles.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name} · ${formatMoney(e.node.price)} / ${e.node.validityDays} d` }] : [],
  );

  if (created) {
    return (
      <>
        <PageHeader title="Customer created" />
        <Card withBorder padding="lg" maw={640} data-testid="created-card">
          <Stack>
            <Group gap="sm">
              <IconCircleCheck size={28} color="var(--mantine-color-green-7)" />
              <Title order={2} size="h3">{created.username}</Title>
            </Group>
            <div>
              <Text size="sm" c="dimmed">Account number</Text>
              <Text fz={28} fw={700} className="mono" data-testid="created-account-no">{created.accountNo}</Text>
            </div>
            {created.password && (
              <Alert color="yellow" title="Generated password: shown only this once">
                <Group gap="xs">
                  <Code fz="lg" data-testid="created-password">{created.password}</Code>
                  <CopyButton value={created.password}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Text size="sm" mt={6}>Give it to the customer or set it on their router now.</Text>
              </Alert>
            )}
            {created.warnings.length > 0 && (
              <Alert color="orange" title="Warnings">
                <List size="sm">{created.warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}</List>
              </Alert>
            )}
            <Group>
              <Button component={Link} to={`/customers/${created.id}`} data-testid="open-created">Open customer</Button>
              <Button variant="default" onClick={() => { setCreated(null); setFormKey((k) => k + 1); }}>Add another</Button>
            </Group>
          </Stack>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Add Customer" subtitle="A new PPPoE subscriber: creating the account charges nothing" />
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
