import { Badge, Group, PasswordInput, Select, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, isLanguage, type Language } from '../../../shared/i18n/languages';
import { choicesOf } from './choices';
import { ColorSettingInput, LogoInput, PlanChangeInput } from './PortalInputs';

export interface Setting {
  key: string;
  value?: string | null;
  description: string;
  secret: boolean;
  isSet: boolean;
  group?: string | null;
}

const ACRONYMS: Record<string, string> = { sms: 'SMS', smtp: 'SMTP', url: 'URL', ip: 'IP', isp: 'ISP', whatsapp: 'WhatsApp', coa: 'CoA' };

export function settingTitle(key: string): string {
  const words = key.split('_').map((w) => ACRONYMS[w] ?? w);
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The element id of a setting's input (scrolled to and focused when it is invalid). */
export const fieldId = (key: string) => `setting-${key}`;

/** Secrets that belong to a delivery address: saving a new address clears the secret unless it is entered again. */
export const SECRET_OF_ADDRESS: Record<string, string> = { sms_gateway_url: 'sms_gateway_key', smtp_address: 'smtp_password' };

/** Settings with help under their secret input, after the description (settings:secretHelp.<key>). */
const SECRET_HELP = new Set(['sms_gateway_key']);
/** The {{…}} words of gateway URLs and templates, shown as they are in the help. */
const URL_WORDS = { key: '{{key}}', phone: '{{phone}}', message: '{{message}}', hint: '{{hint}}' };

/**
 * A setting's title and description in the UI language: settings:fields.<key>.title and
 * .description when translated, else the title made from the key and the server's description.
 */
export function useSettingText() {
  const { t, i18n } = useTranslation('settings');
  const tr = t as unknown as (k: string, o?: object) => string;
  const title = (key: string) => (i18n.exists(`settings:fields.${key}.title`) ? tr(`fields.${key}.title`) : settingTitle(key));
  const description = (key: string, server: string) => (i18n.exists(`settings:fields.${key}.description`) ? tr(`fields.${key}.description`, URL_WORDS) : server);
  return {
    // a template's text in one language ("reminder_sms_template.sw") is named after the template
    title: (key: string) => {
      const p = perLanguage(key);
      return p ? t('field.perLanguage', { title: title(p.base), language: LANGUAGE_NAMES[p.lang] }) : title(key);
    },
    description: (key: string, server: string) => {
      const p = perLanguage(key);
      if (!p || !i18n.exists(`settings:fields.${p.base}.description`)) return description(key, server);
      return t('field.perLanguageDescription', { description: description(p.base, ''), language: LANGUAGE_NAMES[p.lang], base: title(p.base) });
    },
  };
}

/** The template and language of a per-language setting ("reminder_sms_template.sw"), else null. */
function perLanguage(key: string): { base: string; lang: Language } | null {
  const i = key.lastIndexOf('.');
  const lang = key.slice(i + 1);
  return i > 0 && isLanguage(lang) ? { base: key.slice(0, i), lang } : null;
}

export const addressOf = (secret: string) => Object.keys(SECRET_OF_ADDRESS).find((a) => SECRET_OF_ADDRESS[a] === secret) ?? '';

interface Props {
  s: Setting;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  /** The address this secret belongs to is being changed (its stored value will be cleared). */
  addressChanged?: boolean;
}

/** Settings with an input of their own (the portal's rule, logo and colour). */
const SPECIAL: Record<string, typeof LogoInput> = { isp_logo: LogoInput, isp_color: ColorSettingInput, portal_plan_change: PlanChangeInput };

/** One setting's input: a chooser, switch, text area, password or text field. */
export function SettingField({ s, value, error, onChange, addressChanged }: Props) {
  const { t } = useTranslation('settings');
  const text = useSettingText();
  const title = text.title(s.key);
  const description = text.description(s.key, s.description);
  const id = fieldId(s.key);
  const Special = SPECIAL[s.key];
  if (Special) return <Special label={title} description={description} value={value} onChange={onChange} error={error} />;
  if (s.secret) {
    return (
      <PasswordInput
        id={id}
        label={<Group gap={6} component="span">{title} <Badge size="xs" variant="light" color={s.isSet ? 'green' : 'gray'}>{s.isSet ? t('field.set') : t('field.notSet')}</Badge></Group>}
        description={
          <>
            {t('field.secretDescription', { description })}
            {SECRET_HELP.has(s.key) ? ` ${(t as unknown as (k: string, o: object) => string)(`secretHelp.${s.key}`, URL_WORDS)}` : null}
            {s.isSet && value === '' && addressChanged && (
              <Text span size="xs" c="orange" display="block" data-testid={`${s.key}-cleared`}>
                {t('field.cleared', { address: text.title(addressOf(s.key)) })}
              </Text>
            )}
          </>
        }
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        autoComplete="new-password"
      />
    );
  }
  const choices = choicesOf(s.key, s.value ?? undefined);
  if (choices) {
    return (
      <Select
        id={id}
        label={title}
        description={description}
        data={choices}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        searchable
        allowDeselect={false}
        limit={400}
        error={error}
        comboboxProps={{ withinPortal: true }}
        data-testid={`setting-${s.key}-select`}
      />
    );
  }
  if (s.value === 'true' || s.value === 'false') {
    return (
      <Switch
        id={id}
        label={title}
        description={description}
        checked={value === 'true'}
        onChange={(e) => onChange(String(e.currentTarget.checked))}
        error={error}
      />
    );
  }
  const long = s.key.includes('template') || s.key === 'payment_instructions';
  const Input = long ? Textarea : TextInput;
  return (
    <Input
      id={id}
      label={title}
      description={description}
      {...(long ? { autosize: true, minRows: 2 } : {})}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
