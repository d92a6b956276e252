import { Alert, Badge, Button, Card, Code, Group, PasswordInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { MpesaAccountType, PaymentGatewayKind } from '../../gql/graphql';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { splitErrors } from '../../lib/errors';

const GatewaysQuery = graphql(`
  query PaymentGateways {
    paymentGateways { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }
  }
`);
const ConfigureMutation = graphql(`
  mutation ConfigurePaymentGateway($input: PaymentGatewayInput!) {
    configurePaymentGateway(input: $input) { id kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet }
  }
`);
const RegisterMutation = graphql(`
  mutation RegisterMpesaUrls { registerMpesaUrls }
`);

type Gateway = NonNullable<ReturnType<typeof useGateways>>[number];
function useGateways() {
  const [res] = useQuery({ query: GatewaysQuery });
  return res.data?.paymentGateways;
}

const SANDBOX: Record<PaymentGatewayKind, string> = { MPESA: 'https://sandbox.safaricom.co.ke', PAYSTACK: 'https://api.paystack.co' };
const CALLBACK_LABELS: Record<PaymentGatewayKind, string[]> = {
  MPESA: ['C2B validation URL', 'C2B confirmation URL', 'STK push callback URL (sent with every push)'],
  PAYSTACK: ['Webhook URL (Paystack dashboard → Settings → API Keys & Webhooks)'],
};

const SECRETS: Record<PaymentGatewayKind, { key: 'consumerKey' | 'consumerSecret' | 'passkey' | 'secretKey'; label: string; set: keyof Gateway }[]> = {
  MPESA: [
    { key: 'consumerKey', label: 'Consumer key', set: 'consumerKeySet' },
    { key: 'consumerSecret', label: 'Consumer secret', set: 'consumerSecretSet' },
    { key: 'passkey', label: 'Lipa Na M-Pesa Online passkey', set: 'passkeySet' },
  ],
  PAYSTACK: [{ key: 'secretKey', label: 'Secret key', set: 'secretKeySet' }],
};

function GatewayCard({ kind, gw }: { kind: PaymentGatewayKind; gw?: Gateway }) {
  const [state, configure] = useMutation(ConfigureMutation);
  const [reg, register] = useMutation(RegisterMutation);
  const [enabled, setEnabled] = useState(gw?.enabled ?? false);
  const [baseUrl, setBaseUrl] = useState(gw?.baseURL ?? SANDBOX[kind]);
  const [shortCode, setShortCode] = useState(gw?.shortCode ?? '');
  const [accountType, setAccountType] = useState<MpesaAccountType>(gw?.accountType ?? 'PAYBILL');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    const input: Record<string, unknown> = { kind, enabled, baseUrl };
    if (kind === 'MPESA') Object.assign(input, { shortCode, accountType });
    for (const [k, v] of Object.entries(secrets)) if (v.trim()) input[k] = v.trim();
    const r = await configure({ input: input as never });
    if (r.error) {
      const s = splitErrors(r.error);
      setErrors(s.fields);
      setError(s.general);
      return;
    }
    setErrors({});
    setSecrets({});
    notifications.show({ color: 'green', title: 'Saved', message: `${kind === 'MPESA' ? 'M-Pesa' : 'Paystack'} settings saved` });
  };
  const doRegister = async () => {
    const r = await register({});
    if (r.error) { setError(splitErrors(r.error).general); return; }
    notifications.show({ color: 'green', title: 'Registered', message: 'Daraja now sends C2B payments to linedesk' });
  };
  return (
    <Card withBorder padding="md" data-testid={`gateway-${kind}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{kind === 'MPESA' ? 'M-Pesa (Safaricom Daraja)' : 'Paystack'}</Title>
          <Badge color={gw?.enabled ? 'green' : 'gray'} variant="light">{gw?.enabled ? 'enabled' : 'disabled'}</Badge>
        </Group>
        <Switch label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <TextInput label="Base URL" description={`Sandbox or live (${kind === 'MPESA' ? 'https://api.safaricom.co.ke' : 'https://api.paystack.co'}); a simulator on this host needs allow_private_targets`}
          value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} error={errors.baseUrl} />
        {kind === 'MPESA' && (
          <Group grow align="flex-start">
            <TextInput label="Shortcode" description="The paybill or till number" value={shortCode} onChange={(e) => setShortCode(e.currentTarget.value)} error={errors.shortCode} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>Account type</Text>
              <SegmentedControl value={accountType} onChange={(v) => setAccountType(v as MpesaAccountType)} data={['PAYBILL', 'TILL']} />
            </Stack>
          </Group>
        )}
        {SECRETS[kind].map((s) => (
          <PasswordInput key={s.key} label={s.label} autoComplete="off" value={secrets[s.key] ?? ''} error={errors[s.key]}
            placeholder={gw?.[s.set] ? 'stored — leave empty to keep' : 'not set'} onChange={(e) => setSecrets({ ...secrets, [s.key]: e.currentTarget.value })} />
        ))}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="space-between">
          {kind === 'MPESA' && gw?.enabled ? <Button variant="default" onClick={doRegister} loading={reg.fetching}>Register C2B URLs with Daraja</Button> : <span />}
          <Button onClick={save} loading={state.fetching}>Save</Button>
        </Group>
        {gw && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>Callback URLs</Text>
            {gw.callbackUrls.length === 0 && <Text size="sm" c="dimmed">Set the public_url setting first: the URLs are built from it.</Text>}
            {gw.callbackUrls.map((u, i) => (
              <div key={u}><Text size="xs" c="dimmed">{CALLBACK_LABELS[kind][i]}</Text><Code block>{u}</Code></div>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Admins connect M-Pesa and Paystack: credentials are write-only, callback URLs shown to register. */
export function PaymentGatewaysPage() {
  const [res] = useQuery({ query: GatewaysQuery });
  const list = res.data?.paymentGateways;
  return (
    <>
      <PageHeader title="Payment gateways" subtitle="Payments that arrive by themselves: each is booked once and renews an expired customer it covers" />
      <QueryError error={res.error} />
      {list && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {(['MPESA', 'PAYSTACK'] as const).map((k) => <GatewayCard key={k} kind={k} gw={list.find((g) => g.kind === k)} />)}
        </SimpleGrid>
      )}
    </>
  );
}
