// The dashboard's pool usage card: fullest pool first, with used and free.
import { screen } from '@testing-library/react';
import { MemoryRouter } from '../../lib/router';
import { describe, expect, it } from 'vitest';
import { renderUI, stubClient } from '../../test/render';
import { PoolUsageCard } from './PoolUsageCard';

describe('PoolUsageCard', () => {
  it('lists pools fullest first', async () => {
    renderUI(<MemoryRouter><PoolUsageCard /></MemoryRouter>, stubClient(() => ({
      pools: [
        { __typename: 'AddressPool', id: 'P1', name: 'spare', size: 254, used: 4, free: 250 },
        { __typename: 'AddressPool', id: 'P2', name: 'pppoe-pool', size: 254, used: 254, free: 0 },
      ],
    })));
    const card = await screen.findByTestId('pool-usage');
    expect(card.textContent!.indexOf('pppoe-pool')).toBeLessThan(card.textContent!.indexOf('spare'));
    expect(card).toHaveTextContent('254 used · 0 free');
  });
});
