// Made-up answers of the portal API: the component tests and the mock mode (`vite --mode
// mock`, for screenshots) use them. `scenario` picks the state of the account.
export type Scenario = 'active' | 'expired' | 'suspended' | 'poor' | 'fresh';

const DAY = 86400000;

export function isoDaysFromNow(days: number, now = Date.now()): string {
  return new Date(now + days * DAY).toISOString();
}

export function ispFixture() {
  return {
    name: 'Kilimani Fibre',
    logo: null as string | null,
    color: '#1c7ed6',
    supportPhone: '+254 700 123 456',
    supportEmail: 'help@kilimani.example',
    supportWhatsapp: '+254700123456',
    paymentInstructions: 'M-Pesa Paybill 123456\nAccount: your account number (e.g. 100042)\nThen wait for the SMS confirmation.',
    currency: 'KES',
    timeZone: 'Africa/Nairobi',
    language: 'en',
    payMethods: [] as string[],
  };
}

export function profileFixture() {
  return {
    id: 'UHJvZmlsZTox',
    name: 'Home 10M',
    description: 'Fibre for a family home',
    downloadKbps: 10000,
    uploadKbps: 2500,
    dataLimitBytes: 100e9,
    validityDays: 30,
    price: 150000,
  };
}

export function meFixture(scenario: Scenario = 'active', now = Date.now()) {
  const base = {
    accountNo: '100042',
    username: 'wanjiru.k',
    fullName: 'Wanjiru Kamau' as string | null,
    phone: '+254712345678',
    email: 'wanjiru@example.com' as string | null,
    status: 'ACTIVE' as 'ACTIVE' | 'SUSPENDED' | 'DISABLED',
    connectionStatus: 'ONLINE' as 'ONLINE' | 'OFFLINE' | 'EXPIRED',
    restriction: null as string | null,
    autoRenew: true,
    language: null as string | null,
    expiresAt: isoDaysFromNow(12, now),
    daysLeft: 12,
    balance: 200000,
    profile: profileFixture(),
    pendingProfile: null as { id: string; name: string } | null,
  };
  switch (scenario) {
    case 'expired':
      return { ...base, connectionStatus: 'EXPIRED' as const, expiresAt: isoDaysFromNow(-3, now), daysLeft: -3, balance: 50000, autoRenew: false };
    case 'suspended':
      return { ...base, status: 'SUSPENDED' as const, connectionStatus: 'OFFLINE' as const, restriction: 'Suspended by staff on 2 Dec: unpaid installation fee.' };
    case 'poor':
      return { ...base, balance: 50000, connectionStatus: 'OFFLINE' as const };
    case 'fresh':
      return { ...base, fullName: null, email: null, balance: 0, connectionStatus: 'OFFLINE' as const };
    default:
      return base;
  }
}

export function homeFixture(scenario: Scenario = 'active', now = Date.now()) {
  const online = scenario === 'active';
  const days = Array.from({ length: 14 }, (_, i) => {
    const d = new Date(now - (13 - i) * DAY).toISOString().slice(0, 10);
    const f = [3.1, 2.4, 0, 4.8, 5.2, 1.9, 2.2, 6.3, 3.3, 2.8, 0.4, 4.1, 3.6, 1.2][i];
    return { day: d, bytesIn: Math.round(f * 0.12e9), bytesOut: Math.round(f * 1e9) };
  });
  return {
    usage: { periodStart: isoDaysFromNow(-18, now), bytesIn: 4_800_000_000, bytesOut: 38_400_000_000, limitBytes: 100e9 },
    dailyUsage: scenario === 'fresh' ? [] : days,
    currentSession: online
      ? {
          acctSessionID: '81a00042',
          framedIP: '10.10.4.27',
          startedAt: new Date(now - 2 * 3600_000 - 14 * 60_000).toISOString(),
          updatedAt: new Date(now - 60_000).toISOString(),
          stoppedAt: null,
          sessionTime: 2 * 3600 + 14 * 60,
          bytesIn: 85_000_000,
          bytesOut: 1_240_000_000,
          open: true,
        }
      : null,
  };
}

export function historyFixture(now = Date.now()) {
  return {
    sessions: [0, 1, 2].map((i) => ({
      acctSessionID: `81a0004${i}`,
      framedIP: '10.10.4.27',
      startedAt: new Date(now - (i * 26 + 2) * 3600_000).toISOString(),
      stoppedAt: i === 0 ? null : new Date(now - (i * 26) * 3600_000).toISOString(),
      sessionTime: i === 0 ? 8040 : 7200,
      bytesIn: 85_000_000 * (i + 1),
      bytesOut: 1_240_000_000 * (i + 1),
      open: i === 0,
    })),
    transactions: [
      { id: 'VHg6Mw==', amount: -150000, balanceAfter: 200000, kind: 'RENEWAL' as const, method: null, reference: null, createdAt: isoDaysFromNow(-18, now) },
      { id: 'VHg6Mg==', amount: 300000, balanceAfter: 350000, kind: 'PAYMENT' as const, method: 'mpesa', reference: 'QK7H2LX9', createdAt: isoDaysFromNow(-18.2, now) },
      { id: 'VHg6MQ==', amount: 50000, balanceAfter: 50000, kind: 'ADJUSTMENT' as const, method: null, reference: null, createdAt: isoDaysFromNow(-40, now) },
    ],
  };
}

export function attemptsFixture(now = Date.now()) {
  return [
    { at: new Date(now - 2 * 3600_000).toISOString(), accepted: true, message: 'connected' },
    { at: new Date(now - 2.1 * 3600_000).toISOString(), accepted: false, message: 'wrong password from your router at 10:32: the router still has the old password' },
    { at: isoDaysFromNow(-4, now), accepted: false, message: 'subscription expired on 3 Dec' },
  ];
}

export function offeredPlansFixture() {
  return [
    { id: 'UHJvZmlsZToy', name: 'Home 5M', description: null, downloadKbps: 5000, uploadKbps: 1000, dataLimitBytes: 50e9, validityDays: 30, price: 100000 },
    profileFixture(),
    { id: 'UHJvZmlsZToz', name: 'Home 20M', description: 'For streaming and work from home', downloadKbps: 20000, uploadKbps: 5000, dataLimitBytes: null, validityDays: 30, price: 250000 },
  ];
}
