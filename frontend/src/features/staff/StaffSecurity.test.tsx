// An admin resets another member's password from the Staff page's dialog: the repeat is
// checked here, the server's refusal shows at the field, and the new password goes to
// updateStaff(input: { password }).
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { Provider } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { ResetPasswordModal } from './StaffSecurity';
import { mockServer } from '../../test/server';

function setup() {
  const sent: unknown[] = [];
  const server = mockServer({
    updateStaff: ({ id, input }: { id: string; input: { password: string } }) => {
      sent.push({ id, input });
      if (input.password.startsWith('weak')) throw new GraphQLError('password must be at least 10 characters', { extensions: { code: 'BAD_USER_INPUT', field: 'password' } });
      return { id, username: 'clerk', role: 'OPERATOR', disabled: false, createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z' };
    },
  });
  const onClose = vi.fn();
  render(
    <Provider value={server.client}>
      <MantineProvider><Notifications />
        <ResetPasswordModal member={{ id: 'S2', username: 'clerk' }} onClose={onClose} />
      </MantineProvider>
    </Provider>,
  );
  return { sent, onClose };
}

describe('resetting another member\'s password', () => {
  it('checks the repeat, shows the server\'s refusal at the field, then resets and closes', async () => {
    const { sent, onClose } = setup();
    await screen.findByText('Reset the password of clerk');
    const fill = (a: string, b: string) => {
      fireEvent.change(screen.getByLabelText('New password'), { target: { value: a } });
      fireEvent.change(screen.getByLabelText('New password again'), { target: { value: b } });
      fireEvent.click(screen.getByRole('button', { name: 'Reset password' }));
    };
    fill('temporary-pass-1', 'temporary-pass-2');
    expect(await screen.findByText('The passwords differ')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
    fill('weak-but-long', 'weak-but-long');
    expect(await screen.findByText('password must be at least 10 characters')).toBeInTheDocument();
    fill('temporary-pass-1', 'temporary-pass-1');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent.at(-1)).toEqual({ id: 'S2', input: { password: 'temporary-pass-1' } });
    expect(await screen.findByText(/Password of clerk reset; their sign-ins have ended/)).toBeInTheDocument();
  });
});
