// Changing one's own password: the current one is required; every other sign-in ends.
import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { splitErrors } from '../../lib/errors';

const ChangeOwnPassword = graphql(`
  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {
    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function PasswordCard() {
  const [state, change] = useMutation(ChangeOwnPassword);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v) => (v.length >= 10 ? null : 'At least 10 characters'),
      confirm: (v, all) => (v === all.newPassword ? null : 'The passwords differ'),
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
    notifications.show({ color: 'green', message: 'Password changed. Your other sign-ins have ended.' });
  });
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h4" mb={4}>Password</Title>
      <Text size="sm" c="dimmed" mb="sm">Changing it signs you out everywhere else.</Text>
      <form onSubmit={submit} noValidate data-testid="password-form">
        <Stack maw={420}>
          <PasswordInput label="Current password" autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordInput label="New password" description="10 characters or more" autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput label="New password again" autoComplete="new-password" {...form.getInputProps('confirm')} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group><Button type="submit" loading={state.fetching}>Change password</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
