import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

/**
 * Shows a message instead of a blank page when a page fails to render, or when a page's
 * code cannot be loaded (typically an old tab after the server was upgraded).
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <Failed error={error} />;
  }
}

/** What a failed page shows: reload when the code is stale, else the error. */
function Failed({ error }: { error: Error }) {
  const { t } = useTranslation();
  const stale = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={stale ? t('errorBoundary.updated') : t('errorBoundary.failed')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{stale ? t('errorBoundary.reloadToUpdate') : t('errorBoundary.wentWrong')}</Text>
        {!stale && <Code block>{error.message}</Code>}
        <div>
          <Button size="xs" onClick={() => window.location.reload()}>{t('errorBoundary.reload')}</Button>
        </div>
      </Stack>
    </Alert>
  );
}
