// Inputs of the subscriber portal's and the ISP's branding settings that a text box serves
// badly: the plan-change rule (a chooser), the logo (a file made a data URL, with a preview
// and the 100 kB bound checked here), the brand colour (a picker).
import { Button, ColorInput, FileButton, Group, Image, Input, Select, Text } from '@mantine/core';
import { IconPhoto, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

/** The largest logo the server takes: the whole data URL, in bytes (settings.maxLogoBytes). */
export const MAX_LOGO_BYTES = 100 * 1024;

/** An example colour, shown in the empty colour field. */
const COLOR_EXAMPLE = '#0b7285';
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'];

/** logoProblem says why a data URL cannot be the logo, or null when it can. */
export function logoProblem(dataURL: string, type: string): string | null {
  if (!LOGO_TYPES.includes(type)) return i18n.t('settings:logo.badType');
  if (dataURL.length > MAX_LOGO_BYTES) {
    return i18n.t('settings:logo.tooBig', { size: Math.ceil(dataURL.length / 1024), max: MAX_LOGO_BYTES / 1024 });
  }
  return null;
}

function readDataURL(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('cannot read the file'));
    r.readAsDataURL(file);
  });
}

interface FieldProps {
  label: string;
  description: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}

/** The ISP's logo: choose an image file; it is kept as a data URL and previewed. */
export function LogoInput({ label, description, value, onChange, error }: FieldProps) {
  const { t } = useTranslation('settings');
  const [problem, setProblem] = useState<string | null>(null);
  const choose = async (file: File | null) => {
    if (!file) return;
    const url = await readDataURL(file);
    const p = logoProblem(url, file.type);
    setProblem(p);
    if (!p) onChange(url);
  };
  return (
    <Input.Wrapper label={label} description={description} error={problem ?? error}>
      <Group mt={6} gap="sm" align="center">
        {value ? (
          <Image src={value} alt={t('logo.alt')} h={48} w="auto" fit="contain" data-testid="isp-logo-preview" />
        ) : (
          <Text size="sm" c="dimmed">{t('logo.none')}</Text>
        )}
        <FileButton onChange={choose} accept={LOGO_TYPES.join(',')} inputProps={{ 'data-testid': 'isp-logo-file', 'aria-label': t('logo.file') } as object}>
          {(props) => <Button {...props} size="xs" variant="light" leftSection={<IconPhoto size={14} />}>{value ? t('logo.replace') : t('logo.choose')}</Button>}
        </FileButton>
        {value && (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => { setProblem(null); onChange(''); }}>
            {t('logo.remove')}
          </Button>
        )}
      </Group>
    </Input.Wrapper>
  );
}

/** When a subscriber's plan change in the portal takes effect. */
export function PlanChangeInput({ label, description, value, onChange, error }: FieldProps) {
  const { t } = useTranslation('settings');
  return (
    <Select
      label={label}
      description={description}
      data={[
        { value: 'next_renewal', label: t('planChange.next_renewal') },
        { value: 'prorate', label: t('planChange.prorate') },
      ]}
      value={value || 'next_renewal'}
      onChange={(v) => onChange(v ?? 'next_renewal')}
      allowDeselect={false}
      data-testid="portal-plan-change"
      error={error}
    />
  );
}

/** The portal's brand colour, as #rrggbb. */
export function ColorSettingInput({ label, description, value, onChange, error }: FieldProps) {
  return <ColorInput label={label} description={description} format="hex" value={value} onChange={onChange} error={error} placeholder={COLOR_EXAMPLE} data-testid="isp-color" />;
}
