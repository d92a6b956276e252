import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PageHeader } from '../components/PageHeader';
import { Loading, QueryError } from '../components/QueryState';
import { splitErrors } from '../lib/errors';
import { useIsAdmin } from '../lib/me';
import { addressOf, fieldId, SECRET_OF_ADDRESS, SettingField, settingTitle, useSettingText } from '../features/settings/SettingField';
import { bySection } from '../features/settings/groups';

export { SECRET_OF_ADDRESS, settingTitle };

const SettingsQuery = graphql(`
  query Settings {
    settings { key value description secret isSet group }
  }
`);
const UpdateSettings = graphql(`
  mutation UpdateSettings($input: [SettingInput!]!) {
    updateSettings(input: $input) { key value description secret isSet group }
  }
`);

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

/** Brings the setting's field into view and puts the cursor in it. */
export function showField(key: string) {
  const el = document.getElementById(fieldId(key));
  if (!el) return;
  el.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  el.focus({ preventScroll: true });
}

export function SettingsPage() {
  const { t } = useTranslation('settings');
  const text = useSettingText();
  const isAdmin = useIsAdmin();
  const [res] = useQuery({ query: SettingsQuery, pause: !isAdmin });
  const [state, save] = useMutation(UpdateSettings);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const firstInvalid = useRef<string | null>(null);
  useEffect(() => {
    if (res.data) setValues(Object.fromEntries(res.data.settings.map((s) => [s.key, s.secret ? '' : s.value ?? ''])));
  }, [res.data]);
  // After a refused save, the first invalid field (in page order) is scrolled to and focused.
  useEffect(() => {
    if (firstInvalid.current) showField(firstInvalid.current);
    firstInvalid.current = null;
  }, [errors]);
  if (!isAdmin) return <Alert color="yellow">{t('adminsOnly')}</Alert>;
  if (!res.data) return <><QueryError error={res.error} />{res.fetching && <Loading />}</>;
  const settings = res.data.settings;
  const sections = bySection(settings).map((s) => ({ ...s, items: displayOrder(s.items) }));
  const ordered = sections.flatMap((s) => s.items);
  const changed = settings.filter((s) => (s.secret ? values[s.key] !== '' : (values[s.key] ?? '') !== (s.value ?? '')));
  const addressChanged = (secret: string) => changed.some((s) => s.key === addressOf(secret));
  const invalid = ordered.filter((s) => errors[s.key]);

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setErrors({});
          setGeneral(null);
          const r = await save({ input: changed.map((s) => ({ key: s.key, value: values[s.key] ?? '' })) });
          if (r.error) {
            const s = splitErrors(r.error);
            firstInvalid.current = ordered.find((x) => s.fields[x.key])?.key ?? null;
            // "setting reminder_days: must be …" reads "must be …" beside the field it names
            setErrors(Object.fromEntries(Object.entries(s.fields).map(([k, m]) => [k, m.replace(/^setting \S+: /, '')])));
            setGeneral(s.general);
            return;
          }
          notifications.show({ color: 'green', message: t('saved', { count: changed.length }) });
        }}
      >
        <Card withBorder padding="lg" maw={860}>
          <Stack>
            {sections.map((sec) => (
              <Stack key={sec.group} gap="sm" component="section" aria-label={t(sec.title)} data-testid={`settings-${sec.group}`}>
                <Title order={2} size="h4" mt="xs">{t(sec.title)}</Title>
                {sec.items.map((s) => (
                  <SettingField
                    key={s.key}
                    s={s}
                    value={values[s.key] ?? ''}
                    error={errors[s.key]}
                    onChange={(v) => setValues((old) => ({ ...old, [s.key]: v }))}
                    addressChanged={addressChanged(s.key)}
                  />
                ))}
              </Stack>
            ))}
            {invalid.length > 0 && (
              <Alert color="red" role="alert" title={t('notSaved')} data-testid="settings-errors">
                <List size="sm">
                  {invalid.map((s) => (
                    <List.Item key={s.key}>
                      <Anchor component="button" type="button" size="sm" onClick={() => showField(s.key)}>{text.title(s.key)}</Anchor>: {errors[s.key]}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {general && <Alert color="red" role="alert">{general}</Alert>}
            <Group justify="space-between" className="settings-save">
              <Text size="sm" c="dimmed">{changed.length ? t('unsaved', { count: changed.length }) : t('noChanges')}</Text>
              <Button type="submit" disabled={changed.length === 0} loading={state.fetching}>{t('save')}</Button>
            </Group>
          </Stack>
        </Card>
      </form>
    </>
  );
}
