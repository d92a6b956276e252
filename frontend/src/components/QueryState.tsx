import { Alert, Center, Loader } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorMessage } from '../lib/errors';

export function QueryError({ error }: { error?: CombinedError }) {
  if (!error) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" mb="md">
      {errorMessage(error)}
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center h={200}>
      <Loader aria-label={t('query.loading')} />
    </Center>
  );
}
