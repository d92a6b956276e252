import { Text } from '@mantine/core';

/** One labelled value on a customer card. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div">{children || '—'}</Text>
    </div>
  );
}
