// Two-factor sign-in (TOTP): enrol with a QR code, confirm with a first code, keep the
// recovery codes, or turn it off with the password.
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('account');
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
    notifications.show({ color: 'green', message: t('totp.turnedOff') });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card withBorder padding="md" data-testid="totp-card">
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h4">{t('totp.title')}</Title>
        {sec && <Badge color={sec.totpEnabled ? 'green' : 'gray'} data-testid="totp-state">{sec.totpEnabled ? t('totp.on') : t('totp.off')}</Badge>}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('totp.intro')}
      </Text>
      {error && <Alert color="red" role="alert" mb="sm">{error}</Alert>}
      {codes && (
        <Alert color="yellow" title={t('totp.codesTitle')} mb="sm" data-testid="recovery-codes">
          <Text size="sm" mb="xs">{t('totp.codesText')}</Text>
          <SimpleGrid cols={2} spacing={4}>{codes.map((c) => <Code key={c}>{c}</Code>)}</SimpleGrid>
          <Group mt="xs">
            <CopyButton value={codes.join('\n')}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('totp.copied') : t('totp.copyAll')}</Button>}</CopyButton>
            <Button size="xs" variant="default" onClick={() => setCodes(null)}>{t('totp.saved')}</Button>
          </Group>
        </Alert>
      )}
      {sec?.totpEnabled && (
        <Stack maw={420}>
          <Text size="sm">{t('totp.onSince', { date: formatDateTime(sec.totpEnabledAt), count: sec.recoveryCodesLeft })}</Text>
          <PasswordInput label={t('password.current')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Group><Button color="red" variant="light" disabled={!password} loading={disableState.fetching} onClick={turnOff}>{t('totp.turnOff')}</Button></Group>
        </Stack>
      )}
      {sec && !sec.totpEnabled && !pending && (
        <Group><Button onClick={start} loading={enrolState.fetching}>{t('totp.setUp')}</Button></Group>
      )}
      {pending && (
        <Stack maw={460}>
          <Text size="sm">{t('totp.step1')}</Text>
          <Image src={pending.qrCode} alt={t('totp.qrAlt')} w={200} h={200} />
          <Code data-testid="totp-secret" fz="sm">{groupSecret(pending.secret)}</Code>
          <Text size="sm">{t('totp.step2')}</Text>
          <TextInput label={t('totp.code')} inputMode="numeric" autoComplete="one-time-code" maxLength={8} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={160} />
          <Group>
            <Button onClick={finish} loading={confirmState.fetching} disabled={code.trim().length < 6}>{t('totp.turnOn')}</Button>
            <Button variant="default" onClick={() => setPending(null)}>{t('totp.cancel')}</Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
