import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { splitErrors } from '../lib/errors';
import { useIsAdmin } from '../lib/me';

const SettingsQuery = graphql(`
  query Settings {
    settings { key value description secret isSet }
  }
`);
const UpdateSettings = graphql(`
  mutation UpdateSettings($input: [SettingInput!]!) {
    updateSettings(input: $input) { key value description secret isSet }
  }
`);

const ACRONYMS: Record<string, string> = { sms: 'SMS', smtp: 'SMTP', url: 'URL', ip: 'IP' };

export function settingTitle(key: string): string {
  const words = key.split('_').map((w) => ACRONYMS[w] ?? w);
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const GROUPS: { title: string; match: (k: string) => boolean }[] = [
  { title: 'RADIUS and sessions', match: (k) => /interim|session_timeout|stale/.test(k) },
  { title: 'Locale', match: (k) => /currency|time_zone|phone_region/.test(k) },
  { title: 'Reminders', match: (k) => k.startsWith('reminder') || k === 'expiring_soon_days' },
  { title: 'Gateways', match: (k) => /sms_|smtp_|webhook|allow_private_targets/.test(k) },
  { title: 'Retention', match: (k) => k.includes('retention') },
];

function groupOf(key: string): string {
  return GROUPS.find((g) => g.match(key))?.title ?? 'Other';
}

/** Secrets that belong to a delivery address: saving a new address clears the secret unless it is entered again. */
export const SECRET_OF_ADDRESS: Record<string, string> = { sms_gateway_url: 'sms_gateway_key', smtp_address: 'smtp_password' };

/** Help shown under a secret setting, after the server's description. */
const SECRET_HELP: Record<string, string> = {
  sms_gateway_key:
    'Write {{key}} in the SMS gateway URL where the key goes, e.g. https://sms.example/send?key={{key}}&to={{phone}}&text={{message}}, instead of the key itself: a key written into the URL is stored in clear and shown here.',
};

/** Orders settings for display: each address's secret right after the address. */
export function displayOrder<T extends { key: string }>(items: T[]): T[] {
  const secrets = new Set(Object.values(SECRET_OF_ADDRESS));
  const out: T[] = [];
  for (const s of items) {
    if (secrets.has(s.key) && items.some((a) => SECRET_OF_ADDRESS[a.key] === s.key)) continue;
    out.push(s);
    const secret = items.find((x) => x.key === SECRET_OF_ADDRESS[s.key]);
    if (secret) out.push(secret);
  }
  return out;
}

export function SettingsPage() {
  const isAdmin = useIsAdmin();
  const [res] = useQuery({ query: SettingsQuery, pause: !isAdmin });
  const [state, save] = useMutation(UpdateSettings);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => {
    if (res.data) setValues(Object.fromEntries(res.data.settings.map((s) => [s.key, s.secret ? '' : s.value ?? ''])));
  }, [res.data]);
  if (!isAdmin) return <Alert color="yellow">Only admins change settings.</Alert>;
  if (!res.data) return <><QueryError error={res.error} />{res.fetching && <Loading />}</>;
  const settings = res.data.settings;
  const changed = settings.filter((s) => (s.secret ? values[s.key] !== '' : (values[s.key] ?? '') !== (s.value ?? '')));
  const addressOf = (secret: string) => Object.keys(SECRET_OF_ADDRESS).find((a) => SECRET_OF_ADDRESS[a] === secret) ?? '';
  const addressChanged = (secret: string) => changed.some((s) => s.key === addressOf(secret));

  return (
    <>
      <PageHeader title="Settings" subtitle="Business settings stored in the database; process settings are flags and LINEDESK_* variables" />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setErrors({});
          setGeneral(null);
          const r = await save({ input: changed.map((s) => ({ key: s.key, value: values[s.key] ?? '' })) });
          if (r.error) {
            const s = splitErrors(r.error);
            setErrors(s.fields);
            setGeneral(s.general);
            return;
          }
          notifications.show({ color: 'green', message: `Saved ${changed.length} setting${changed.length === 1 ? '' : 's'}` });
        }}
      >
        <Card withBorder padding="lg" maw={860}>
          <Stack>
            {[...GROUPS.map((g) => g.title), 'Other'].map((group) => {
              const items = displayOrder(settings.filter((s) => groupOf(s.key) === group));
              if (items.length === 0) return null;
              return (
                <Stack key={group} gap="sm">
                  <Title order={2} size="h4" mt="xs">{group}</Title>
            {items.map((s) =>
              s.secret ? (
                <PasswordInput
                  key={s.key}
                  label={<Group gap={6} component="span">{settingTitle(s.key)} <Badge size="xs" variant="light" color={s.isSet ? 'green' : 'gray'}>{s.isSet ? 'set' : 'not set'}</Badge></Group>}
                  description={
                    <>
                      {[`${s.description}. Leave empty to keep it.`, SECRET_HELP[s.key]].filter(Boolean).join(' ')}
                      {s.isSet && values[s.key] === '' && addressChanged(s.key) && (
                        <Text span size="xs" c="orange" display="block" data-testid={`${s.key}-cleared`}>
                          Saving the new {settingTitle(addressOf(s.key))} clears it unless you enter it again.
                        </Text>
                      )}
                    </>
                  }
                  value={values[s.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [s.key]: e.currentTarget.value })}
                  error={errors[s.key]}
                  autoComplete="new-password"
                />
              ) : s.value === 'true' || s.value === 'false' ? (
                <Switch
                  key={s.key}
                  label={settingTitle(s.key)}
                  description={s.description}
                  checked={values[s.key] === 'true'}
                  onChange={(e) => setValues({ ...values, [s.key]: String(e.currentTarget.checked) })}
                  error={errors[s.key]}
                />
              ) : s.key.includes('template') ? (
                <Textarea
                  key={s.key}
                  label={settingTitle(s.key)}
                  description={s.description}
                  autosize
                  minRows={2}
                  value={values[s.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [s.key]: e.currentTarget.value })}
                  error={errors[s.key]}
                />
              ) : (
                <TextInput
                  key={s.key}
                  label={settingTitle(s.key)}
                  description={s.description}
                  value={values[s.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [s.key]: e.currentTarget.value })}
                  error={errors[s.key]}
                />
              ),
            )}
                </Stack>
              );
            })}
            {general && <Alert color="red" role="alert">{general}</Alert>}
            <Group justify="space-between">
              <Text size="sm" c="dimmed">{changed.length ? `${changed.length} unsaved change${changed.length === 1 ? '' : 's'}` : 'No changes'}</Text>
              <Button type="submit" disabled={changed.length === 0} loading={state.fetching}>Save settings</Button>
            </Group>
          </Stack>
        </Card>
      </form>
    </>
  );
}
