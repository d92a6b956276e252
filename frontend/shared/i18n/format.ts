// Numbers, money, sizes, speeds, durations and dates for display, all through Intl: the
// language decides separators and word order, the installation decides the currency and the
// time zone (the server sends money in minor units and times in UTC).
//
// Money: the server counts in minor units with the ISO 4217 exponent of the installation's
// currency (internal/notify/format.go: KES 2, UGX 0, KWD 3). Intl's own digits come from
// CLDR, which differs for a few currencies (IQD: ISO 3, CLDR 0), so the exponent is taken
// from the same ISO table as the server and given to Intl explicitly.

/** ISO 4217 currencies whose minor unit is not 1/100: the server's table. */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** How many digits of a currency's amount are minor units (2 unless listed). */
export function currencyDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export interface FormatOptions {
  /** BCP 47 tag used for Intl, e.g. "en-KE" */
  locale: string;
  /** ISO 4217 code, e.g. "KES" */
  currency: string;
  /** IANA zone, e.g. "Africa/Nairobi" */
  timeZone: string;
}

export interface Formatter {
  readonly locale: string;
  readonly currency: string;
  readonly timeZone: string;
  /** An amount in minor units: money(150000) is "KES 1,500.00" for KES. */
  money(minor: number): string;
  number(n: number): string;
  /** Decimal units (1 GB = 10^9 bytes): "12.4 GB", "850 MB". */
  bytes(n: number): string;
  /** A speed in kbit/s: "10 Mbps"-like in the language's words. */
  speed(kbps: number): string;
  /** "2 days 3 hr", "14 min", "40 sec". */
  duration(seconds: number): string;
  /** A date in the installation's time zone: "3 Dec 2026". */
  date(iso: string): string;
  /** Date and time in the installation's time zone: "3 Dec 2026, 10:32". */
  dateTime(iso: string): string;
  /** The time of day in the installation's time zone: "10:32". */
  time(iso: string): string;
  /** A calendar day ("2026-12-03", no time zone) shortly: "3 Dec". */
  day(ymd: string): string;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function moneyFormat(locale: string, currency: string): (minor: number) => string {
  const digits = currencyDigits(currency);
  const scale = 10 ** digits;
  const opts = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  try {
    const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code', ...opts });
    return (minor) => nf.format(minor / scale);
  } catch {
    // not an ISO code Intl knows: the number with the code as written
    const nf = new Intl.NumberFormat(locale, opts);
    return (minor) => (currency ? `${currency} ${nf.format(minor / scale)}` : nf.format(minor / scale));
  }
}

const BYTE_UNITS = [
  [1e12, 'terabyte'],
  [1e9, 'gigabyte'],
  [1e6, 'megabyte'],
  [1e3, 'kilobyte'],
] as const;

export function makeFormatter({ locale, currency, timeZone }: FormatOptions): Formatter {
  const zone = safeZone(timeZone);
  const money = moneyFormat(locale, currency);
  const num = new Intl.NumberFormat(locale);
  const unitCache = new Map<string, Intl.NumberFormat>();
  const unit = (u: string, digits: number, display: 'short' | 'long' = 'short') => {
    const key = `${u}/${digits}/${display}`;
    let f = unitCache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: display, maximumFractionDigits: digits });
      unitCache.set(key, f);
    }
    return f;
  };
  const dateF = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
  const dateTimeF = new Intl.DateTimeFormat(locale, {
    timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
  const timeF = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const dayF = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });

  return {
    locale,
    currency,
    timeZone: zone,
    money,
    number: (n) => num.format(n),
    bytes(n) {
      const abs = Math.abs(n);
      for (const [size, name] of BYTE_UNITS) {
        if (abs >= size) {
          const v = n / size;
          return unit(name, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2).format(v);
        }
      }
      // "0 kB" reads better than "0 byte" next to GB figures
      return unit('kilobyte', 2).format(n / 1000);
    },
    speed(kbps) {
      if (kbps >= 1000) return unit('megabit-per-second', kbps % 1000 === 0 ? 0 : 1).format(kbps / 1000);
      return unit('kilobit-per-second', 0).format(kbps);
    },
    duration(seconds) {
      const s = Math.max(0, Math.floor(seconds));
      const parts: [number, string][] = [
        [Math.floor(s / 86400), 'day'],
        [Math.floor((s % 86400) / 3600), 'hour'],
        [Math.floor((s % 3600) / 60), 'minute'],
      ];
      const first = parts.findIndex(([v]) => v > 0);
      if (first < 0) return unit('second', 0).format(s);
      return parts
        .slice(first, first + 2)
        .filter(([v]) => v > 0)
        .map(([v, u]) => unit(u, 0).format(v))
        .join(' ');
    },
    date: (iso) => dateF.format(new Date(iso)),
    dateTime: (iso) => dateTimeF.format(new Date(iso)),
    time: (iso) => timeF.format(new Date(iso)),
    day: (ymd) => dayF.format(new Date(`${ymd}T00:00:00Z`)),
  };
}

/**
 * The locale to format with for a UI language: the browser's own tag when it is that
 * language ("en-KE" for "en", so dates read "3 Dec 2026" in Kenya), else the language.
 */
export function formatLocale(language: string, preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? []): string {
  const base = language.split('-')[0].toLowerCase();
  const tag = preferred.find((p) => p.split('-')[0].toLowerCase() === base);
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : language;
  } catch {
    return language;
  }
}
