import { Badge, Group, PasswordInput, Select, Switch, Text, Textarea, TextInput } from '@mantine/core';
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

/** Help shown under a secret setting, after the server's description. */
const SECRET_HELP: Record<string, string> = {
  sms_gateway_key:
    'Write {{key}} in the SMS gateway URL where the key goes, e.g. https://sms.example/send?key={{key}}&to={{phone}}&text={{message}}, instead of the key itself: a key written into the URL is stored in clear and shown here.',
};

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
  const id = fieldId(s.key);
  const Special = SPECIAL[s.key];
  if (Special) return <Special label={settingTitle(s.key)} description={s.description} value={value} onChange={onChange} error={error} />;
  if (s.secret) {
    return (
      <PasswordInput
        id={id}
        label={<Group gap={6} component="span">{settingTitle(s.key)} <Badge size="xs" variant="light" color={s.isSet ? 'green' : 'gray'}>{s.isSet ? 'set' : 'not set'}</Badge></Group>}
        description={
          <>
            {[`${s.description}. Leave empty to keep it.`, SECRET_HELP[s.key]].filter(Boolean).join(' ')}
            {s.isSet && value === '' && addressChanged && (
              <Text span size="xs" c="orange" display="block" data-testid={`${s.key}-cleared`}>
                Saving the new {settingTitle(addressOf(s.key))} clears it unless you enter it again.
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
        label={settingTitle(s.key)}
        description={s.description}
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
        label={settingTitle(s.key)}
        description={s.description}
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
      label={settingTitle(s.key)}
      description={s.description}
      {...(long ? { autosize: true, minRows: 2 } : {})}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
