import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AccountBadge, StatusBadge } from './StatusBadge';
import { renderUI } from '../test/render';

describe('StatusBadge', () => {
  it.each([
    ['ONLINE', 'Online'],
    ['OFFLINE', 'Offline'],
    ['EXPIRED', 'Expired'],
  ] as const)('%s reads %s', (status, label) => {
    renderUI(<StatusBadge status={status} />);
    const badge = screen.getByRole('status', { name: `Connection status: ${label}` });
    expect(badge).toHaveTextContent(label);
    expect(badge).toHaveAttribute('data-status', status);
  });

  it('shows distinct colours for each status', () => {
    const colors = (['ONLINE', 'OFFLINE', 'EXPIRED'] as const).map((s) => {
      const { container, unmount } = renderUI(<StatusBadge status={s} />);
      const style = (container.querySelector('[data-status]') as HTMLElement).getAttribute('style') ?? '';
      unmount();
      return style;
    });
    expect(new Set(colors).size).toBe(3);
  });

  it('marks only Online as live', () => {
    const { container, unmount } = renderUI(<StatusBadge status="ONLINE" />);
    expect(container.querySelector('.live-dot')).not.toBeNull();
    unmount();
    const off = renderUI(<StatusBadge status="OFFLINE" />);
    expect(off.container.querySelector('.live-dot')).toBeNull();
  });

  it('copes with a missing status', () => {
    renderUI(<StatusBadge status={undefined} />);
    expect(screen.getByText('Unknown')).toBeInTheDocument();
  });

  it('shows the staff-set account state', () => {
    renderUI(<AccountBadge status="SUSPENDED" />);
    expect(screen.getByText('Suspended').closest('[data-account-status]')).toHaveAttribute('data-account-status', 'SUSPENDED');
  });
});
