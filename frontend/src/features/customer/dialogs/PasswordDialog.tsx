import { Alert, Button, Code, CopyButton, Group, Modal, Stack, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import { errorMessage } from '../../../lib/errors';

export const PasswordDialogFragment = graphql(`
  fragment PasswordDialog_customer on Customer { id username }
`);

const PasswordMutation = graphql(`
  mutation SetCustomerPassword($id: ID!, $password: String) {
    setCustomerPassword(id: $id, password: $password) { generatedPassword warnings }
  }
`);

interface Props {
  opened: boolean;
  onClose: () => void;
  customer: FragmentType<typeof PasswordDialogFragment>;
}

/** Sets the PPPoE password, or generates one and shows it once. */
export function PasswordDialog({ opened, onClose, ...props }: Props) {
  const customer = useFragment(PasswordDialogFragment, props.customer);
  const { t } = useTranslation('customer');
  const [state, run] = useMutation(PasswordMutation);
  const [pw, setPw] = useState('');
  const [result, setResult] = useState<{ generated: string | null; warnings: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setPw('');
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('password.title', { username: customer.username })}>
      {result ? (
        <Stack>
          {result.generated ? (
            <Alert color="yellow" title={t('password.shownOnce')}>
              <Group gap="xs">
                <Code fz="lg" data-testid="new-password">{result.generated}</Code>
                <CopyButton value={result.generated}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('password.copied') : t('password.copy')}>
                      <Button size="xs" variant="light" onClick={copy} leftSection={<IconCopy size={14} />}>{copied ? t('password.copied') : t('password.copy')}</Button>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          ) : (
            <Alert color="green">{t('password.changed')}</Alert>
          )}
          {result.warnings.map((w) => <Alert key={w} color="orange">{w}</Alert>)}
          <Group justify="flex-end"><Button onClick={close}>{t('misc.done')}</Button></Group>
        </Stack>
      ) : (
        <Stack>
          <TextInput
            label={t('password.new')}
            description={t('password.hint')}
            value={pw}
            onChange={(e) => setPw(e.currentTarget.value)}
            autoComplete="new-password"
            error={pw && pw.length < 8 ? t('password.tooShort') : undefined}
          />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('misc.cancel')}</Button>
            <Button
              loading={state.fetching}
              disabled={!!pw && pw.length < 8}
              onClick={async () => {
                const r = await run({ id: customer.id, password: pw || null });
                if (r.error || !r.data) setError(errorMessage(r.error));
                else setResult({ generated: r.data.setCustomerPassword.generatedPassword ?? null, warnings: r.data.setCustomerPassword.warnings });
              }}
            >
              {pw ? t('password.set') : t('password.generate')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
