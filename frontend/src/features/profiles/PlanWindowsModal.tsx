import { ActionIcon, Alert, Button, Group, Modal, MultiSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { splitErrors } from '../../lib/errors';
import { currentLocale } from '../../lib/format';
import { WindowRunsList } from './WindowRunsList';

const PlanWindowsQuery = graphql(`
  query PlanWindows($id: ID!) {
    node(id: $id) { ... on Profile { id name windows { days start end downloadKbps uploadKbps rateLimit } } }
  }
`);
const SetPlanWindows = graphql(`
  mutation SetPlanWindows($planID: ID!, $windows: [PlanWindowInput!]!) {
    setPlanWindows(planID: $planID, windows: $windows) { days start end downloadKbps uploadKbps rateLimit }
  }
`);

const DAY_VALUES = ['1', '2', '3', '4', '5', '6', '7'];

/** Monday (1) to Sunday (7) shortly, in the dashboard's language. */
function dayOptions() {
  const f = new Intl.DateTimeFormat(currentLocale(), { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday
  return DAY_VALUES.map((value, i) => ({ value, label: f.format(new Date(Date.UTC(2024, 0, 1 + i))) }));
}

interface Row { days: string[]; start: string; end: string; downloadMbps: number | string; uploadMbps: number | string }

const blank = (): Row => ({ days: [...DAY_VALUES], start: '00:00', end: '06:00', downloadMbps: 20, uploadMbps: 10 });

/** Edits a plan's speed windows (e.g. a night boost); saved windows reach online sessions by CoA at each edge. */
export function PlanWindowsModal({ planID, onClose }: { planID: string | null; onClose: () => void }) {
  const { t } = useTranslation(['profiles', 'common']);
  const [res] = useQuery({ query: PlanWindowsQuery, variables: { id: planID ?? '' }, pause: !planID, requestPolicy: 'network-only' });
  const [state, save] = useMutation(SetPlanWindows);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const plan = res.data?.node && 'windows' in res.data.node ? res.data.node : null;
  useEffect(() => {
    setError(null);
    setRows((plan?.windows ?? []).map((w) => ({ days: w.days.map(String), start: w.start, end: w.end, downloadMbps: w.downloadKbps / 1000, uploadMbps: w.uploadKbps / 1000 })));
  }, [plan]);
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = async () => {
    if (!planID) return;
    setError(null);
    const windows = rows.map((r) => ({
      days: r.days.map(Number), start: r.start.trim(), end: r.end.trim(),
      downloadKbps: Math.round(Number(r.downloadMbps) * 1000), uploadKbps: Math.round(Number(r.uploadMbps) * 1000),
    }));
    const r = await save({ planID, windows });
    if (r.error) {
      const s = splitErrors(r.error);
      setError(s.general ?? Object.values(s.fields).join('; '));
      return;
    }
    notifications.show({ color: 'green', message: t('windowsModal.saved') });
    onClose();
  };
  return (
    <Modal opened={planID != null} onClose={onClose} title={plan ? t('windowsModal.titleOf', { name: plan.name }) : t('windowsModal.title')} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">{t('windowsModal.intro')}</Text>
        {rows.map((r, i) => (
          <Group key={i} align="flex-end" wrap="wrap" data-testid={`window-${i}`}>
            <MultiSelect label={t('windowsModal.days')} data={dayOptions()} value={r.days} onChange={(days) => set(i, { days })} w={260} />
            <TextInput label={t('windowsModal.from')} value={r.start} onChange={(e) => set(i, { start: e.currentTarget.value })} w={80} placeholder="00:00" />
            <TextInput label={t('windowsModal.to')} value={r.end} onChange={(e) => set(i, { end: e.currentTarget.value })} w={80} placeholder="06:00" />
            <NumberInput label={t('form.download')} value={r.downloadMbps} onChange={(v) => set(i, { downloadMbps: v })} min={0.064} decimalScale={3} w={140} />
            <NumberInput label={t('form.upload')} value={r.uploadMbps} onChange={(v) => set(i, { uploadMbps: v })} min={0.064} decimalScale={3} w={140} />
            <ActionIcon variant="subtle" color="red" aria-label={t('windowsModal.remove')} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {rows.length === 0 && <Text size="sm">{t('windowsModal.none')}</Text>}
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setRows([...rows, blank()])} data-testid="add-window">{t('windowsModal.add')}</Button>
        </Group>
        {planID && <WindowRunsList planID={planID} />}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button onClick={submit} loading={state.fetching} data-testid="save-windows">{t('common:actions.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
