// The router page's "Connect to linedesk" card: an admin sees the .rsc with copy and download
// and, with an API login, the dry run and check; a viewer gets no script (it holds the secret).
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../gql/graphql';
import { MeContext } from '../../lib/me';
import { renderUI, stubClient } from '../../test/render';
import { RouterConfigCard } from './RouterConfigCard';

const script = '# linedesk: make router core-1 a linedesk NAS (RouterOS 7).\n/ppp/aaa\nset use-radius=yes accounting=yes interim-update=5m';

function at(role: Role, hasApi: boolean) {
  const answer = {
    routerConfigScript: { __typename: 'RouterConfigScript', version: 7, detected: true, script },
    routerHealth: { __typename: 'RouterHealth', ok: false, differences: [{ __typename: 'RouterConfigDifference', menu: '/ppp/aaa', key: 'accounting', message: 'accounting is off: linedesk sees no sessions or usage' }] },
  };
  renderUI(
    <MeContext.Provider value={{ id: 'S1', username: 'x', role }}>
      <RouterConfigCard nasId="N1" name="core-1" hasApi={hasApi} />
    </MeContext.Provider>,
    stubClient(() => answer),
  );
}

describe('RouterConfigCard', () => {
  it('shows an admin the script, its download and the check', async () => {
    at('ADMIN', true);
    expect(await screen.findByTestId('router-config-script')).toHaveTextContent('interim-update=5m');
    expect(screen.getByTestId('download-rsc')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('router-check'));
    expect(await screen.findByText(/accounting is off/)).toBeInTheDocument();
  });

  it('shows a viewer no script', async () => {
    at('VIEWER', true);
    expect(await screen.findByText('Connect to linedesk')).toBeInTheDocument();
    expect(screen.queryByTestId('router-config-script')).toBeNull();
    expect(screen.queryByTestId('router-check')).toBeNull();
  });
});
