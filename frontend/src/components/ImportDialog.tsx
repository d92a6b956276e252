import { Alert, Badge, Button, FileInput, Group, Modal, Stack, Table, Text, List } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypeCsv, IconAlertTriangle } from '@tabler/icons-react';
import Papa from 'papaparse';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { ImportCustomersMutation } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { downloadText } from '../lib/download';

const ImportMutation = graphql(`
  mutation ImportCustomers($file: Upload!, $dryRun: Boolean) {
    importCustomers(file: $file, dryRun: $dryRun) {
      dryRun
      applied
      rows
      created
      updated
      unchanged
      errors { row column message }
      warnings { row message }
      generatedPasswords { row username password }
    }
  }
`);

const PASSWORDS_FILE = 'generated-passwords.csv';

export const KNOWN_COLUMNS = [
  'account_no', 'username', 'password', 'phone', 'full_name', 'email', 'address', 'profile',
  'expires_at', 'status', 'auto_renew',
];

export interface CsvPreview {
  columns: string[];
  unknown: string[];
  missing: string[];
  rows: Record<string, string>[];
  parseErrors: string[];
}

/** previewCSV reads the file in the browser: its columns and first rows, before anything is sent. */
export function previewCSV(text: string): CsvPreview {
  const r = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const columns = r.meta.fields ?? [];
  return {
    columns,
    unknown: columns.filter((c) => !KNOWN_COLUMNS.includes(c)),
    missing: ['username'].filter((c) => !columns.includes(c)),
    rows: r.data,
    parseErrors: r.errors.map((e) => i18n.t('import.parseError', { line: (e.row ?? 0) + 2, message: e.message })),
  };
}

type Result = ImportCustomersMutation['importCustomers'];

/** Rows with something to say, errors first, each with the username from the local preview. */
export function problemRows(result: Result, preview: CsvPreview | null) {
  const byRow = new Map<number, { row: number; username: string; errors: string[]; warnings: string[] }>();
  const get = (row: number) => {
    let r = byRow.get(row);
    if (!r) {
      // the server numbers rows by their line in the file: the header is line 1
      const src = preview?.rows[row - 2];
      r = { row, username: src?.username ?? '', errors: [], warnings: [] };
      byRow.set(row, r);
    }
    return r;
  };
  for (const e of result.errors) get(e.row).errors.push(e.column ? `${e.column}: ${e.message}` : e.message);
  for (const w of result.warnings) get(w.row).warnings.push(w.message);
  return [...byRow.values()].sort((a, b) => (b.errors.length > 0 ? 1 : 0) - (a.errors.length > 0 ? 1 : 0) || a.row - b.row);
}

/** The cache invalidates the customer lists when an import is applied (lib/cache.ts). */
export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [check, setCheck] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [state, run] = useMutation(ImportMutation);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setCheck(null);
    setDone(null);
    setError(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const pick = async (f: File | null) => {
    reset();
    setFile(f);
    if (!f) return;
    const text = await f.text();
    const p = previewCSV(text);
    setPreview(p);
    if (p.missing.length === 0 && p.rows.length > 0) {
      const r = await run({ file: f, dryRun: true });
      if (r.error) setError(errorMessage(r.error));
      else if (r.data) setCheck(r.data.importCustomers);
    }
  };

  const commit = async () => {
    if (!file) return;
    const r = await run({ file, dryRun: false });
    if (r.error || !r.data) {
      setError(errorMessage(r.error));
      return;
    }
    const res = r.data.importCustomers;
    if (!res.applied) {
      setCheck(res);
      setError(t('import.nothingWritten'));
      return;
    }
    notifications.show({
      color: 'green',
      title: t('import.finished'),
      message: t('import.counts', { created: res.created, updated: res.updated, unchanged: res.unchanged }),
    });
    if (res.generatedPasswords.length > 0) setDone(res);
    else close();
  };

  const problems = check ? problemRows(check, preview) : [];
  const nErr = check ? new Set(check.errors.map((e) => e.row)).size : 0;

  const downloadPasswords = () => {
    if (!done) return;
    const csv = Papa.unparse(done.generatedPasswords.map((g) => ({ username: g.username, password: g.password })));
    downloadText(PASSWORDS_FILE, csv);
  };

  return (
    <Modal opened={opened} onClose={close} title={t('import.title')} size="xl">
      {done ? (
        <Stack>
          <Alert color="green" title={t('import.imported')}>
            {t('import.counts', { created: done.created, updated: done.updated, unchanged: done.unchanged })}
          </Alert>
          <Alert color="yellow" title={t('import.generated', { count: done.generatedPasswords.length })}>
            <Button size="xs" variant="light" onClick={downloadPasswords}>{t('import.downloadPasswords', { file: PASSWORDS_FILE })}</Button>
          </Alert>
          <Group justify="flex-end"><Button onClick={close}>{t('actions.done')}</Button></Group>
        </Stack>
      ) : (
      <Stack>
        <Text size="sm" c="dimmed">{t('import.intro', { columns: KNOWN_COLUMNS.join(', ') })}</Text>
        <FileInput
          label={t('import.file')}
          placeholder={t('import.choose')}
          accept=".csv,text/csv"
          leftSection={<IconFileTypeCsv size={16} />}
          value={file}
          onChange={pick}
          clearable
          data-testid="import-file"
        />
        {preview && (
          <>
            <Group gap="xs">
              <Text size="sm">{t('import.rowsColumns', { count: preview.rows.length })}</Text>
              {preview.columns.map((c) => (
                <Badge key={c} variant="light" tt="none" color={KNOWN_COLUMNS.includes(c) ? 'blue' : 'orange'}>{c}</Badge>
              ))}
            </Group>
            {preview.missing.length > 0 && (
              <Alert color="red" role="alert">{t('import.missingColumn', { column: preview.missing.join(', ') })}</Alert>
            )}
            {preview.unknown.length > 0 && (
              <Alert color="yellow">{t('import.ignored', { columns: preview.unknown.join(', ') })}</Alert>
            )}
            {preview.parseErrors.length > 0 && (
              <Alert color="yellow" title={t('import.problems')}>
                <List size="sm">{preview.parseErrors.slice(0, 10).map((e) => <List.Item key={e}>{e}</List.Item>)}</List>
              </Alert>
            )}
          </>
        )}
        {error && <Alert color="red" role="alert" data-testid="import-error">{error}</Alert>}
        {state.fetching && !check && <Text size="sm" c="dimmed">{t('import.checking')}</Text>}
        {check && (
          <>
            <Group gap="md" data-testid="import-summary">
              {nErr === 0 ? (
                <>
                  <Badge color="green" variant="light" size="lg">{t('import.toCreate', { count: check.created })}</Badge>
                  <Badge color="blue" variant="light" size="lg">{t('import.toUpdate', { count: check.updated })}</Badge>
                  <Badge color="gray" variant="light" size="lg">{t('import.unchanged', { count: check.unchanged })}</Badge>
                </>
              ) : (
                <Badge color="green" variant="light" size="lg">{t('import.valid', { count: Math.max(0, check.rows - nErr) })}</Badge>
              )}
              <Badge color={nErr ? 'red' : 'gray'} variant={nErr ? 'filled' : 'light'} size="lg">{t('import.withErrors', { count: nErr })}</Badge>
            </Group>
            {nErr > 0 && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="import-has-errors">
                {t('import.hasErrors', { count: nErr })}
              </Alert>
            )}
            {problems.length > 0 && (
              <Table.ScrollContainer minWidth={500} mah={320}>
                <Table striped verticalSpacing={4} data-testid="import-rows">
                  <Table.Thead>
                    <Table.Tr><Table.Th>{t('import.line')}</Table.Th><Table.Th>{t('import.username')}</Table.Th><Table.Th>{t('import.problem')}</Table.Th></Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {problems.slice(0, 300).map((r) => (
                      <Table.Tr key={r.row} data-row-error={r.errors.length > 0 || undefined}>
                        <Table.Td>{r.row}</Table.Td>
                        <Table.Td className="mono">{r.username || '—'}</Table.Td>
                        <Table.Td>
                          {r.errors.map((e) => <Text key={e} size="sm" c="red.8">{e}</Text>)}
                          {r.warnings.map((w) => (
                            <Group key={w} gap={4} wrap="nowrap"><IconAlertTriangle size={14} color="var(--mantine-color-orange-7)" /><Text size="sm" c="orange.8">{w}</Text></Group>
                          ))}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('actions.cancel')}</Button>
          <Button onClick={commit} disabled={!check || nErr > 0 || check.rows === 0} loading={state.fetching && !!check} data-testid="import-commit">
            {check ? t('import.importRows', { count: check.rows }) : t('import.import')}
          </Button>
        </Group>
      </Stack>
      )}
    </Modal>
  );
}
