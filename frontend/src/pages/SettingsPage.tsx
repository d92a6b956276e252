import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { splitErrors } from '../lib/errors';
import { useIsAdmin } from '../lib/me';
import { SettingField, settingTitle } from '../features/settings/SettingField';

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

export { settingTitle };

/** The subscriber portal's and the ISP's branding settings, in the order the page shows them. */
export const PORTAL_KEYS = [
  'public_url', 'portal_token_days', 'portal_plan_change', 'isp_name', 'isp_logo', 'isp_color',
  'support_phone', 'support_email', 'support_whatsapp', 'payment_instructions',
];

const GROUPS: { title: string; match: (k: string) => boolean }[] = [
  { title: 'Subscriber portal & branding', match: (k) => PORTAL_KEYS.includes(k) },
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

/** The portal's group keeps PORTAL_KEYS' order; the others the server's. */
function inGroupOrder<T extends { key: string }>(group: string, items: T[]): T[] {
  if (group !== GROUPS[0].title) return items;
  return [...items].sort((a, b) => PORTAL_KEYS.indexOf(a.key) - PORTAL_KEYS.indexOf(b.key));
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
              const items = inGroupOrder(group, displayOrder(settings.filter((s) => groupOf(s.key) === group)));
              if (items.length === 0) return null;
              return (
                <Stack key={group} gap="sm">
                  <Title order={2} size="h4" mt="xs">{group}</Title>
                  {items.map((s) => (
                    <SettingField
                      key={s.key}
                      s={s}
                      value={values[s.key] ?? ''}
                      onChange={(v) => setValues({ ...values, [s.key]: v })}
                      error={errors[s.key]}
                      secretHelp={SECRET_HELP[s.key]}
                      secretNote={s.secret && s.isSet && values[s.key] === '' && addressChanged(s.key) && (
                        <Text span size="xs" c="orange" display="block" data-testid={`${s.key}-cleared`}>
                          Saving the new {settingTitle(addressOf(s.key))} clears it unless you enter it again.
                        </Text>
                      )}
                    />
                  ))}
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
