// Two-factor sign-in (TOTP): enrol with a QR code, confirm with a first code, keep the
// recovery codes, or turn it off with the password.
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

const SecurityQuery = graphql(`
  query MySecurity { mySecurity { totpEnabled totpEnabledAt recoveryCodesLeft } }
`);
const Enroll = graphql(`
  mutation EnrollTotp { enrollTotp { secret otpauthURL qrCode } }
`);
const Confirm = graphql(`
  mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) { recoveryCodes } }
`);
const Disable = graphql(`
  mutation DisableOwnTotp($currentPassword: String) { disableTotp(currentPassword: $currentPassword) }
`);

/** Groups a base32 secret in fours for typing. */
export function groupSecret(s: string): string {
  return s.replace(/(.{4})/g, '$1 ').trim();
}

export function TotpCard() {
  const [res, refetch] = useQuery({ query: SecurityQuery });
  const [enrolState, enrol] = useMutation(Enroll);
  const [confirmState, confirm] = useMutation(Confirm);
  const [disableState, disable] = useMutation(Disable);
  const [pending, setPending] = useState<{ secret: string; qrCode: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sec = res.data?.mySecurity;

  const start = async () => {
    setError(null);
    const r = await enrol({});
    if (r.error || !r.data) return setError(errorMessage(r.error));
    setPending({ secret: r.data.enrollTotp.secret, qrCode: r.data.enrollTotp.qrCode });
  };
  const finish = async () => {
    setError(null);
    const r = await confirm({ code: code.trim() });
    if (r.error || !r.data) return setError(errorMessage(r.error));
    setPending(null);
    setCode('');
    setCodes(r.data.confirmTotp.recoveryCodes);
    refetch({ requestPolicy: 'network-only' });
  };
  const turnOff = async () => {
    setError(null);
    const r = await disable({ currentPassword: password });
    if (r.error) return setError(errorMessage(r.error));
    setPassword('');
    notifications.show({ color: 'green', message: 'Two-factor sign-in is off' });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card withBorder padding="md" data-testid="totp-card">
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h4">Two-factor sign-in</Title>
        {sec && <Badge color={sec.totpEnabled ? 'green' : 'gray'} data-testid="totp-state">{sec.totpEnabled ? 'On' : 'Off'}</Badge>}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        A 6-digit code from an authenticator app (Google Authenticator, Aegis, 1Password…) is asked for after your password.
      </Text>
      {error && <Alert color="red" role="alert" mb="sm">{error}</Alert>}
      {codes && (
        <Alert color="yellow" title="Keep these recovery codes somewhere safe: they are shown only once" mb="sm" data-testid="recovery-codes">
          <Text size="sm" mb="xs">Each one signs you in once if you lose your phone.</Text>
          <SimpleGrid cols={2} spacing={4}>{codes.map((c) => <Code key={c}>{c}</Code>)}</SimpleGrid>
          <Group mt="xs">
            <CopyButton value={codes.join('\n')}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy all'}</Button>}</CopyButton>
            <Button size="xs" variant="default" onClick={() => setCodes(null)}>I have saved them</Button>
          </Group>
        </Alert>
      )}
      {sec?.totpEnabled && (
        <Stack maw={420}>
          <Text size="sm">On since {formatDateTime(sec.totpEnabledAt)}; {sec.recoveryCodesLeft} recovery codes left.</Text>
          <PasswordInput label="Current password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Group><Button color="red" variant="light" disabled={!password} loading={disableState.fetching} onClick={turnOff}>Turn off</Button></Group>
        </Stack>
      )}
      {sec && !sec.totpEnabled && !pending && (
        <Group><Button onClick={start} loading={enrolState.fetching}>Set up two-factor sign-in</Button></Group>
      )}
      {pending && (
        <Stack maw={460}>
          <Text size="sm">1. Scan this code with your authenticator app, or type the key.</Text>
          <Image src={pending.qrCode} alt="QR code to scan with an authenticator app" w={200} h={200} />
          <Code data-testid="totp-secret" fz="sm">{groupSecret(pending.secret)}</Code>
          <Text size="sm">2. Enter the 6-digit code it shows.</Text>
          <TextInput label="Code" inputMode="numeric" autoComplete="one-time-code" maxLength={8} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={160} />
          <Group>
            <Button onClick={finish} loading={confirmState.fetching} disabled={code.trim().length < 6}>Turn on</Button>
            <Button variant="default" onClick={() => setPending(null)}>Cancel</Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
