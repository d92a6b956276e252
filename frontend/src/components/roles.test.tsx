// What each role sees: buttons and pages a role may not use are not shown (graph/roles.go).
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from '../lib/router';
import { CustomersPage } from '../pages/CustomersPage';
import { MeContext } from '../lib/me';
import { can } from '../lib/roles';
import { renderUI, stubClient } from '../test/render';
import type { Role } from '../gql/graphql';

const empty = {
  customers: { __typename: 'CustomerConnection', totalCount: 0, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, edges: [] },
  profiles: { __typename: 'ProfileConnection', edges: [] },
};

function customersAs(role: Role) {
  renderUI(
    <MemoryRouter initialEntries={['/customers']}>
      <MeContext.Provider value={{ id: 'S1', username: role.toLowerCase(), role }}>
        <CustomersPage />
      </MeContext.Provider>
    </MemoryRouter>,
    stubClient(() => empty),
  );
}

describe.each([
  ['VIEWER' as Role, { export: false, import: false, add: false }],
  ['OPERATOR' as Role, { export: true, import: true, add: true }],
  ['ADMIN' as Role, { export: true, import: true, add: true }],
])('the customers list for a %s', (role, want) => {
  it(`shows Export CSV ${want.export ? '' : 'not '}and Import/Add ${want.add ? '' : 'not'}`, async () => {
    customersAs(role);
    await screen.findByText('No customers found');
    expect(screen.queryByTestId('export-csv') != null).toBe(want.export);
    expect(screen.queryByRole('button', { name: 'Import CSV' }) != null).toBe(want.import);
    expect(screen.queryByTestId('add-customer') != null).toBe(want.add);
  }, 60_000);
});

describe('can (the client copy of graph/roles.go)', () => {
  it.each([
    ['VIEWER', 'exportCustomers', false], ['OPERATOR', 'exportCustomers', true], ['VIEWER', 'customers', true],
    ['OPERATOR', 'notifications', true], ['VIEWER', 'notifications', false], ['OPERATOR', 'auditLog', false],
    ['ADMIN', 'auditLog', true], ['OPERATOR', 'updateSettings', false], ['OPERATOR', 'renewCustomer', true],
    ['VIEWER', 'renewCustomer', false], [null, 'customers', false],
  ])('%s may run %s: %s', (role, op, want) => expect(can(role as Role | null, op)).toBe(want));
});
