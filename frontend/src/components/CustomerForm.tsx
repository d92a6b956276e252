import { Button, Grid, Group, Loader, PasswordInput, Select, Stack, TextInput, Textarea, Tooltip, ActionIcon, Text, Switch, Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck, IconX, IconWand } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { i18n } from '../i18n';
import {
  MAC_EXAMPLE, PHONE_EXAMPLES, generatePassword, normalizeMac, validateEmail, validateIPv4, validateMac, validatePassword, validatePhone,
  validateUsername,
} from '../lib/validate';

const UsernameAvailableQuery = graphql(`
  query UsernameAvailable($username: String!) {
    usernameAvailable(username: $username)
  }
`);

export interface CustomerFormValues {
  username: string;
  password: string;
  phone: string;
  fullName: string;
  email: string;
  address: string;
  profileID: string;
  staticIP: string;
  macLock: string;
  autoRenew: boolean;
}

export const emptyCustomer: CustomerFormValues = {
  username: '', password: '', phone: '', fullName: '', email: '', address: '', profileID: '',
  staticIP: '', macLock: '', autoRenew: true,
};

export function validateCustomer(v: CustomerFormValues): Partial<Record<keyof CustomerFormValues, string>> {
  const e: Partial<Record<keyof CustomerFormValues, string>> = {};
  const set = (k: keyof CustomerFormValues, m: string | null) => {
    if (m) e[k] = m;
  };
  set('username', validateUsername(v.username));
  set('password', validatePassword(v.password));
  set('phone', validatePhone(v.phone));
  set('email', validateEmail(v.email));
  set('profileID', v.profileID ? null : i18n.t('customers:validate.profile'));
  set('staticIP', validateIPv4(v.staticIP));
  set('macLock', validateMac(v.macLock));
  return e;
}

export interface CustomerFormProps {
  profiles: { value: string; label: string }[];
  submitting?: boolean;
  serverErrors?: Record<string, string>;
  generalError?: string | null;
  onSubmit: (v: CustomerFormValues) => void;
  /** for tests: skip the server availability check */
  checkAvailability?: boolean;
}

/** The Add Customer form: client-side checks as you go, server field errors at the fields. */
export function CustomerForm({ profiles, submitting, serverErrors, generalError, onSubmit, checkAvailability = true }: CustomerFormProps) {
  const { t } = useTranslation('customers');
  const form = useForm<CustomerFormValues>({
    initialValues: emptyCustomer,
    validate: (v) => validateCustomer(v),
    validateInputOnBlur: true,
    transformValues: (v) => ({ ...v, username: v.username.trim(), macLock: v.macLock ? normalizeMac(v.macLock) : '' }),
  });

  useEffect(() => {
    if (!serverErrors) return;
    const map: Record<string, keyof CustomerFormValues> = { profile: 'profileID', profileId: 'profileID', staticIp: 'staticIP', mac: 'macLock' };
    const errs: Record<string, string> = {};
    for (const [k, m] of Object.entries(serverErrors)) errs[map[k] ?? k] = m;
    form.setErrors(errs);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors]);

  const [debounced] = useDebouncedValue(form.values.username.trim(), 300);
  const localOk = !validateUsername(debounced);
  const [avail] = useQuery({
    query: UsernameAvailableQuery,
    variables: { username: debounced },
    pause: !checkAvailability || !localOk,
    requestPolicy: 'network-only',
  });
  const available = localOk && avail.data?.usernameAvailable;
  const taken = localOk && avail.data && !avail.data.usernameAvailable && !avail.stale && debounced === form.values.username.trim();
  const usernameError = form.errors.username ?? (taken ? t('form.taken') : undefined);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        if (taken) return;
        onSubmit(v);
      })}
    >
      <Stack>
        {generalError && <Alert color="red" role="alert">{generalError}</Alert>}
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('form.username')}
              description={t('form.usernameHint')}
              required
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              {...form.getInputProps('username')}
              onChange={(e) => form.setFieldValue('username', e.currentTarget.value.toLowerCase())}
              error={usernameError}
              rightSection={
                checkAvailability && localOk ? (
                  avail.fetching ? <Loader size={14} /> : available ? <IconCheck size={16} color="var(--mantine-color-green-7)" aria-label={t('form.availableAria')} /> : taken ? <IconX size={16} color="var(--mantine-color-red-7)" aria-label={t('form.takenAria')} /> : null
                ) : null
              }
              data-testid="username"
            />
            {available && !form.errors.username && debounced === form.values.username.trim() && (
              <Text size="xs" c="green.8" mt={2}>{t('form.available')}</Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Group gap={6} align="flex-end" wrap="nowrap">
              <PasswordInput
                style={{ flex: 1 }}
                label={t('form.password')}
                description={t('form.passwordHint')}
                autoComplete="new-password"
                {...form.getInputProps('password')}
                data-testid="password"
              />
              <Tooltip label={t('form.generate')}>
                <ActionIcon
                  size={36}
                  variant="light"
                  aria-label={t('form.generate')}
                  onClick={() => form.setFieldValue('password', generatePassword())}
                  mb={form.errors.password ? 22 : 0}
                >
                  <IconWand size={18} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('form.phone')} required type="tel" placeholder={t('form.phoneExample', PHONE_EXAMPLES)} {...form.getInputProps('phone')} data-testid="phone" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('form.fullName')} {...form.getInputProps('fullName')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('form.email')} type="email" {...form.getInputProps('email')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('form.profile')}
              required
              placeholder={t('form.profilePlaceholder')}
              data={profiles}
              searchable
              nothingFoundMessage={t('form.noProfile')}
              {...form.getInputProps('profileID')}
              data-testid="profile"
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea label={t('form.address')} autosize minRows={2} {...form.getInputProps('address')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('form.staticIP')} description={t('form.staticIPHint')} placeholder="10.10.0.25" {...form.getInputProps('staticIP')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={t('form.macLock')} description={t('form.macLockHint')} placeholder={MAC_EXAMPLE} {...form.getInputProps('macLock')} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Switch label={t('form.autoRenew')} {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          <Button type="submit" loading={submitting} data-testid="submit-customer">{t('form.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
