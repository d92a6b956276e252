import { Alert, Badge, Button, Card, Code, Group, PasswordInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
const CALLBACK_LABELS = {
  MPESA: ['gateways.callback.validation', 'gateways.callback.confirmation', 'gateways.callback.stk'],
  PAYSTACK: ['gateways.callback.webhook'],
} as const satisfies Record<PaymentGatewayKind, readonly string[]>;

const SECRETS: Record<PaymentGatewayKind, { key: 'consumerKey' | 'consumerSecret' | 'passkey' | 'secretKey'; label: 'consumerKey' | 'consumerSecret' | 'passkey' | 'secretKey'; set: keyof Gateway }[]> = {
  MPESA: [
    { key: 'consumerKey', label: 'consumerKey', set: 'consumerKeySet' },
    { key: 'consumerSecret', label: 'consumerSecret', set: 'consumerSecretSet' },
    { key: 'passkey', label: 'passkey', set: 'passkeySet' },
  ],
  PAYSTACK: [{ key: 'secretKey', label: 'secretKey', set: 'secretKeySet' }],
};

function GatewayCard({ kind, gw }: { kind: PaymentGatewayKind; gw?: Gateway }) {
  const { t } = useTranslation('payments');
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
    notifications.show({ color: 'green', title: t('gateways.saved'), message: t('gateways.savedText', { gateway: kind === 'MPESA' ? 'M-Pesa' : 'Paystack' }) });
  };
  const doRegister = async () => {
    const r = await register({});
    if (r.error) { setError(splitErrors(r.error).general); return; }
    notifications.show({ color: 'green', title: t('gateways.registered'), message: t('gateways.registeredText') });
  };
  return (
    <Card withBorder padding="md" data-testid={`gateway-${kind}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{kind === 'MPESA' ? t('gateways.mpesa') : 'Paystack'}</Title>
          <Badge color={gw?.enabled ? 'green' : 'gray'} variant="light">{gw?.enabled ? t('gateways.enabledBadge') : t('gateways.disabledBadge')}</Badge>
        </Group>
        <Switch label={t('gateways.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <TextInput label={t('gateways.baseUrl')} description={t('gateways.baseUrlHint', { live: kind === 'MPESA' ? 'https://api.safaricom.co.ke' : 'https://api.paystack.co' })}
          value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} error={errors.baseUrl} />
        {kind === 'MPESA' && (
          <Group grow align="flex-start">
            <TextInput label={t('gateways.shortCode')} description={t('gateways.shortCodeHint')} value={shortCode} onChange={(e) => setShortCode(e.currentTarget.value)} error={errors.shortCode} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('gateways.accountType')}</Text>
              <SegmentedControl value={accountType} onChange={(v) => setAccountType(v as MpesaAccountType)} data={[{ value: 'PAYBILL', label: t('gateways.paybill') }, { value: 'TILL', label: t('gateways.till') }]} />
            </Stack>
          </Group>
        )}
        {SECRETS[kind].map((s) => (
          <PasswordInput key={s.key} label={t(`gateways.secret.${s.label}`)} autoComplete="off" value={secrets[s.key] ?? ''} error={errors[s.key]}
            placeholder={gw?.[s.set] ? t('gateways.stored') : t('gateways.notSet')} onChange={(e) => setSecrets({ ...secrets, [s.key]: e.currentTarget.value })} />
        ))}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="space-between">
          {kind === 'MPESA' && gw?.enabled ? <Button variant="default" onClick={doRegister} loading={reg.fetching}>{t('gateways.register')}</Button> : <span />}
          <Button onClick={save} loading={state.fetching}>{t('gateways.save')}</Button>
        </Group>
        {gw && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('gateways.callbackUrls')}</Text>
            {gw.callbackUrls.length === 0 && <Text size="sm" c="dimmed">{t('gateways.noPublicUrl')}</Text>}
            {gw.callbackUrls.map((u, i) => (
              <div key={u}><Text size="xs" c="dimmed">{CALLBACK_LABELS[kind][i] ? t(CALLBACK_LABELS[kind][i]) : null}</Text><Code block>{u}</Code></div>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Admins connect M-Pesa and Paystack: credentials are write-only, callback URLs shown to register. */
export function PaymentGatewaysPage() {
  const { t } = useTranslation('payments');
  const [res] = useQuery({ query: GatewaysQuery });
  const list = res.data?.paymentGateways;
  return (
    <>
      <PageHeader title={t('gateways.title')} subtitle={t('gateways.subtitle')} />
      <QueryError error={res.error} />
      {list && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {(['MPESA', 'PAYSTACK'] as const).map((k) => <GatewayCard key={k} kind={k} gw={list.find((g) => g.kind === k)} />)}
        </SimpleGrid>
      )}
    </>
  );
}
