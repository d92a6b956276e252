// Changing one's own password: the current one is required; every other sign-in ends.
import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { splitErrors } from '../../lib/errors';

const ChangeOwnPassword = graphql(`
  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {
    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function PasswordCard() {
  const { t } = useTranslation('account');
  const [state, change] = useMutation(ChangeOwnPassword);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('password.currentRequired')),
      newPassword: (v) => (v.length >= 10 ? null : t('password.tooShort')),
      confirm: (v, all) => (v === all.newPassword ? null : t('password.differ')),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const r = await change({ currentPassword: v.currentPassword, newPassword: v.newPassword });
    if (r.error) {
      const s = splitErrors(r.error);
      form.setErrors(s.fields);
      setError(s.general);
      return;
    }
    form.reset();
    notifications.show({ color: 'green', message: t('password.changed') });
  });
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h4" mb={4}>{t('password.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('password.intro')}</Text>
      <form onSubmit={submit} noValidate data-testid="password-form">
        <Stack maw={420}>
          <PasswordInput label={t('password.current')} autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('password.new')} description={t('password.newHint')} autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('password.again')} autoComplete="new-password" {...form.getInputProps('confirm')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group><Button type="submit" loading={state.fetching}>{t('password.submit')}</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
