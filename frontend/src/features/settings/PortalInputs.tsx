// Inputs of the subscriber portal's and the ISP's branding settings that a text box serves
// badly: the plan-change rule (a chooser), the logo (a file made a data URL, with a preview
// and the 100 kB bound checked here), the brand colour (a picker).
import { Button, ColorInput, FileButton, Group, Image, Input, Select, Text } from '@mantine/core';
import { IconPhoto, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

/** The largest logo the server takes: the whole data URL, in bytes (settings.maxLogoBytes). */
export const MAX_LOGO_BYTES = 100 * 1024;

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'];

/** logoProblem says why a data URL cannot be the logo, or null when it can. */
export function logoProblem(dataURL: string, type: string): string | null {
  if (!LOGO_TYPES.includes(type)) return 'The logo must be a PNG, JPEG, GIF, WebP or SVG image.';
  if (dataURL.length > MAX_LOGO_BYTES) {
    return `This image is ${Math.ceil(dataURL.length / 1024)} kB as stored; the logo may be at most 100 kB. Use a smaller image (a PNG or SVG about 200 pixels wide is plenty).`;
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
          <Image src={value} alt="The ISP's logo" h={48} w="auto" fit="contain" data-testid="isp-logo-preview" />
        ) : (
          <Text size="sm" c="dimmed">No logo</Text>
        )}
        <FileButton onChange={choose} accept={LOGO_TYPES.join(',')} inputProps={{ 'data-testid': 'isp-logo-file', 'aria-label': 'Logo file' } as object}>
          {(props) => <Button {...props} size="xs" variant="light" leftSection={<IconPhoto size={14} />}>{value ? 'Replace logo' : 'Choose logo'}</Button>}
        </FileButton>
        {value && (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => { setProblem(null); onChange(''); }}>
            Remove
          </Button>
        )}
      </Group>
    </Input.Wrapper>
  );
}

/** When a subscriber's plan change in the portal takes effect. */
export function PlanChangeInput({ label, description, value, onChange, error }: FieldProps) {
  return (
    <Select
      label={label}
      description={description}
      data={[
        { value: 'next_renewal', label: 'At the next renewal (no charge now)' },
        { value: 'prorate', label: 'At once, with a prorated charge or credit' },
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
  return <ColorInput label={label} description={description} format="hex" value={value} onChange={onChange} error={error} placeholder="#0b7285" data-testid="isp-color" />;
}
