import { describe, expect, it } from 'vitest';
import { setCurrency } from '../../lib/format';
import { whereOf } from '../customers/LinkFilters';
import { deleteBlocker } from '../profiles/DeleteProfileButton';
import { csvCell, decimalOf } from './csv';
import { expiringCSV } from './ExpiringReport';
import { growthCSV } from './GrowthReport';

describe('report CSV', () => {
  it('writes money in the currency units, never minor units', () => {
    setCurrency('KES');
    expect(growthCSV([{ month: '2026-05', newCustomers: 3, churned: 1, active: 2, revenue: 300000, arpu: 150000 }])).toBe(
      'month,new,churned,active,revenue,arpu\n2026-05,3,1,2,3000.00,1500.00\n',
    );
    expect(decimalOf(5000, 'UGX')).toBe('5000');
    expect(decimalOf(1250, 'KWD')).toBe('1.250');
  });

  it('quotes and defuses cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
  });

  it('lists expiring customers with their plan and date', () => {
    const csv = expiringCSV([{ id: 'C1', accountNo: '100001', username: 'jane', fullName: 'Jane, W', phone: '+254700000001', expiresAt: '2026-05-03T10:00:00Z', autoRenew: true, profile: { id: 'P1', name: 'Home' } }]);
    expect(csv).toBe('account_no,username,full_name,phone,plan,expires,auto_renew\n100001,jane,"Jane, W",+254700000001,Home,2026-05-03,yes\n');
  });
});

describe('dashboard links', () => {
  it('turns expiring and joined filters into the where input', () => {
    const now = new Date('2026-05-10T00:00:00Z');
    expect(whereOf(null, 7, null, now)).toEqual({ expiresAtGT: '2026-05-10T00:00:00.000Z', expiresAtLTE: '2026-05-17T00:00:00.000Z' });
    expect(whereOf('P1', null, null, now)).toEqual({ profileID: 'P1' });
    expect(whereOf(null, null, null, now)).toBeNull();
    expect(whereOf(null, null, '2026-05-01', now)?.joinedAtGTE).toBeTruthy();
  });
});

describe('deleting a plan', () => {
  it('is allowed only when no customer uses it', () => {
    expect(deleteBlocker(0)).toBeNull();
    expect(deleteBlocker(1)).toMatch(/1 customer is on this plan.*move them to another plan first/);
    expect(deleteBlocker(4)).toMatch(/4 customers are/);
  });
});
