import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ReactNode } from 'react';

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
    const stale = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={stale ? 'linedesk was updated' : 'This page failed'} role="alert">
        <Stack gap="xs">
          <Text size="sm">
            {stale ? 'A newer version of the dashboard is on the server: reload to use it.' : 'Something went wrong while showing this page.'}
          </Text>
          {!stale && <Code block>{error.message}</Code>}
          <div>
            <Button size="xs" onClick={() => window.location.reload()}>Reload</Button>
          </div>
        </Stack>
      </Alert>
    );
  }
}
