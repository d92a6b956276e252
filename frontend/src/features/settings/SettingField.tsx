// One business setting as an input: secrets as password fields, booleans as switches,
// templates and long texts as text areas, the portal's rule, logo and colour with their own
// inputs (PortalInputs), the rest as text boxes.
import { Badge, Group, PasswordInput, Switch, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSettingInput, LogoInput, PlanChangeInput } from './PortalInputs';

const ACRONYMS: Record<string, string> = { sms: 'SMS', smtp: 'SMTP', url: 'URL', ip: 'IP', isp: 'ISP', whatsapp: 'WhatsApp' };

export function settingTitle(key: string): string {
  const words = key.split('_').map((w) => ACRONYMS[w] ?? w);
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface Setting {
  key: string;
  value?: string | null;
  description: string;
  secret: boolean;
  isSet: boolean;
}

interface Props {
  s: Setting;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  /** Shown under a secret's description (e.g. that saving its address clears it). */
  secretNote?: ReactNode;
  secretHelp?: string;
}

/** Settings with an input of their own. */
const SPECIAL: Record<string, typeof LogoInput> = { isp_logo: LogoInput, isp_color: ColorSettingInput, portal_plan_change: PlanChangeInput };

export function SettingField({ s, value, onChange, error, secretNote, secretHelp }: Props) {
  const label = settingTitle(s.key);
  const Special = SPECIAL[s.key];
  if (Special) return <Special label={label} description={s.description} value={value} onChange={onChange} error={error} />;
  if (s.secret) {
    return (
      <PasswordInput
        label={<Group gap={6} component="span">{label} <Badge size="xs" variant="light" color={s.isSet ? 'green' : 'gray'}>{s.isSet ? 'set' : 'not set'}</Badge></Group>}
        description={<>{[`${s.description}. Leave empty to keep it.`, secretHelp].filter(Boolean).join(' ')}{secretNote}</>}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        autoComplete="new-password"
      />
    );
  }
  if (s.value === 'true' || s.value === 'false') {
    return <Switch label={label} description={s.description} checked={value === 'true'} onChange={(e) => onChange(String(e.currentTarget.checked))} error={error} />;
  }
  if (s.key.includes('template') || s.key === 'payment_instructions') {
    return <Textarea label={label} description={s.description} autosize minRows={2} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
  }
  return <TextInput label={label} description={s.description} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
}
