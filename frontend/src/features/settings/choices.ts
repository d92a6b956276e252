// The choices of the locale settings: ISO 4217 currencies, IANA time zones, ISO 3166 regions
// (named in the UI language), the shipped languages (each named in itself).
import { LANGUAGES, LANGUAGE_NAMES } from '../../../shared/i18n/languages';
import { i18n } from '../../i18n';
import { CURRENCY_CODES, currencyLabel } from '../../lib/currency';

/** Used when the browser cannot list its time zones (Intl.supportedValuesOf). */
export const FALLBACK_TIME_ZONES = [
  'UTC', 'Africa/Abidjan', 'Africa/Accra', 'Africa/Addis_Ababa', 'Africa/Algiers', 'Africa/Cairo', 'Africa/Casablanca',
  'Africa/Dar_es_Salaam', 'Africa/Johannesburg', 'Africa/Kampala', 'Africa/Khartoum', 'Africa/Kigali', 'Africa/Kinshasa',
  'Africa/Lagos', 'Africa/Luanda', 'Africa/Lusaka', 'Africa/Maputo', 'Africa/Mogadishu', 'Africa/Nairobi', 'Africa/Tunis',
  'America/Bogota', 'America/Chicago', 'America/Lima', 'America/Los_Angeles', 'America/Mexico_City', 'America/New_York',
  'America/Sao_Paulo', 'Asia/Dhaka', 'Asia/Dubai', 'Asia/Jakarta', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Manila',
  'Asia/Riyadh', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Berlin', 'Europe/Istanbul',
  'Europe/London', 'Europe/Moscow', 'Europe/Paris', 'Pacific/Auckland',
];

/** IANA time zones the browser knows, else FALLBACK_TIME_ZONES; the current value is always one. */
export function timeZones(current?: string): string[] {
  let zones: string[] = FALLBACK_TIME_ZONES;
  try {
    const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone');
    if (list && list.length > 0) zones = list.includes('UTC') ? list : ['UTC', ...list];
  } catch {
    /* an older browser: the fallback */
  }
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

/** ISO 3166-1 alpha-2 codes of the regions with a telephone numbering plan. */
export const REGION_CODES = (
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC ' +
  'CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD ' +
  'GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM ' +
  'KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY ' +
  'MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG ' +
  'SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE ' +
  'VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

function regionLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames([i18n.language || 'en'], { type: 'region' }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}

export interface Choice {
  value: string;
  label: string;
}

/** The choices of a setting that has them (currency, time zone, phone region, language), else null. */
export function choicesOf(key: string, current?: string): Choice[] | null {
  const withCurrent = (codes: string[]) => (current && !codes.includes(current) ? [current, ...codes] : codes);
  switch (key) {
    case 'currency':
      return withCurrent(CURRENCY_CODES).map((c) => ({ value: c, label: currencyLabel(c) }));
    case 'time_zone':
      return timeZones(current).map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
    case 'phone_region':
      return withCurrent(REGION_CODES).map((c) => ({ value: c, label: regionLabel(c) }));
    case 'default_language':
      return LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));
    default:
      return null;
  }
}
