import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title, Group } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from '../lib/router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { setToken, useToken } from '../lib/auth';
import { resetSubscriptions } from '../lib/client';
import { errorMessage } from '../lib/errors';

const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!, $totpCode: String) {
    login(username: $username, password: $password, totpCode: $totpCode) {
      token
      totpEnrolmentRequired
      staff { id username role }
    }
  }
`);

const PRODUCT = 'linedesk';

export function LoginPage() {
  const { t } = useTranslation();
  const token = useToken();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [state, login] = useMutation(LoginMutation);
  const [error, setError] = useState<string | null>(null);
  // the password was right and a second factor is asked for: the code field shows
  const [needCode, setNeedCode] = useState(false);
  const form = useForm({
    initialValues: { username: '', password: '', totpCode: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('login.enterUsername')),
      password: (v) => (v ? null : t('login.enterPassword')),
    },
  });
  const next = params.get('next') || '/';
  if (token) return <Navigate to={next.startsWith('/') ? next : '/'} replace />;

  const submit = form.onSubmit(async (v) => {
    setError(null);
    const res = await login({ username: v.username.trim(), password: v.password, totpCode: needCode ? v.totpCode.trim() : null });
    if (res.data?.login.token) {
      resetSubscriptions();
      setToken(res.data.login.token);
      const to = res.data.login.totpEnrolmentRequired ? '/account?enrol=totp' : next.startsWith('/') ? next : '/';
      navigate(to, { replace: true });
      return;
    }
    const totp = res.error?.graphQLErrors.some((e) => e.extensions?.code === 'TOTP_REQUIRED');
    if (totp && !needCode) {
      setNeedCode(true);
      return;
    }
    setError(errorMessage(res.error) ?? t('login.failed'));
  });

  return (
    <Center mih="100dvh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group gap="sm">
              <img src="/favicon.svg" width={36} height={36} alt="" />
              <div>
                <Title order={2} size="h3">{PRODUCT}</Title>
                <Text size="sm" c="dimmed">{t('login.subtitle')}</Text>
              </div>
            </Group>
            {error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('login.username')}
              autoComplete="username"
              autoFocus
              name="username"
              {...form.getInputProps('username')}
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              name="password"
              {...form.getInputProps('password')}
            />
            {needCode && (
              <TextInput
                label={t('login.code')}
                description={t('login.codeHelp')}
                autoComplete="one-time-code"
                inputMode="numeric"
                autoFocus
                name="totpCode"
                data-testid="totp-code"
                {...form.getInputProps('totpCode')}
              />
            )}
            <Button type="submit" loading={state.fetching} fullWidth mt="xs">
              {t('login.signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
