// Changing plan: a confirmation first; then the server's answer: now (with a prorated charge
// or credit) or at the next renewal.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { isoDaysFromNow, offeredPlansFixture } from '../mock/fixtures';
import { renderPortal } from '../test/render';

const to20 = offeredPlansFixture()[2];

async function choose20M() {
  const user = userEvent.setup();
  const plans = await screen.findAllByTestId('plan');
  expect(plans.map((p) => p.dataset.plan)).toEqual(['Home 5M', 'Home 10M', 'Home 20M']);
  expect(within(plans[1]).getByText('Current plan')).toBeInTheDocument();
  expect(plans[2]).toHaveTextContent('KES 2,500.00 for 30 days');
  expect(plans[2]).toHaveTextContent('Data: no cap');
  await user.click(within(plans[2]).getByRole('button', { name: 'Choose this plan' }));
  expect(screen.getByTestId('confirm-plan')).toHaveTextContent('Move to Home 20M?');
  await user.click(screen.getByTestId('confirm-plan-yes'));
}

const subscriber = { expiresAt: isoDaysFromNow(12), balance: 0, profile: { id: to20.id, name: to20.name }, pendingProfile: null };

describe('change plan', () => {
  it('says when it applies now with a prorated charge', async () => {
    const { sent } = renderPortal({
      path: '/plans',
      handlers: { PlanChange: () => ({ data: { changePlan: { appliedNow: true, transaction: { id: 't', amount: -40000, balanceAfter: 160000 }, subscriber } } }) },
    });
    await choose20M();
    const answer = await screen.findByTestId('plan-changed');
    expect(answer).toHaveTextContent('You are now on Home 20M.');
    expect(answer).toHaveTextContent('KES 400.00 was charged to your balance for the rest of this period.');
    expect(sent('PlanChange')[0].variables).toEqual({ profileID: to20.id });
  });

  it('says when it applies at the next renewal', async () => {
    renderPortal({
      path: '/plans',
      handlers: { PlanChange: () => ({ data: { changePlan: { appliedNow: false, transaction: null, subscriber: { ...subscriber, pendingProfile: { id: to20.id, name: to20.name } } } } }) },
    });
    await choose20M();
    expect(await screen.findByTestId('plan-changed')).toHaveTextContent(/^You move to Home 20M at your next renewal, on .+\. Until then nothing changes\.$/);
  });

  it('says a credit when the new plan is cheaper', async () => {
    renderPortal({
      path: '/plans',
      handlers: { PlanChange: () => ({ data: { changePlan: { appliedNow: true, transaction: { id: 't', amount: 25000, balanceAfter: 225000 }, subscriber } } }) },
    });
    await choose20M();
    expect(await screen.findByTestId('plan-changed')).toHaveTextContent('KES 250.00 was credited to your balance');
  });
});
