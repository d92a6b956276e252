import { Alert, Button, Group, List, Modal, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { OutcomeList, type SessionActionView } from '../../components/Outcome';
import { errorMessage } from '../../lib/errors';

const DisconnectMutation = graphql(`
  mutation DisconnectFromList($id: ID!) {
    disconnectCustomer(id: $id) {
      customer { id connectionStatus }
      sessions { outcome message session { id acctSessionId framedIp nas { id name } } }
    }
  }
`);

interface Props {
  opened: boolean;
  customers: { id: string; username: string }[];
  onClose: (done: boolean) => void;
}

/** Disconnects the chosen customers one after another and shows each router's answer. */
export function DisconnectManyDialog({ opened, customers, onClose }: Props) {
  const { t } = useTranslation('sessions');
  const [, run] = useMutation(DisconnectMutation);
  const [done, setDone] = useState(0);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<SessionActionView[] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const close = () => {
    const finished = results !== null;
    setResults(null);
    setErrors([]);
    setDone(0);
    onClose(finished);
  };
  const start = async () => {
    setRunning(true);
    const out: SessionActionView[] = [];
    const failed: string[] = [];
    for (const c of customers) {
      const r = await run({ id: c.id });
      if (r.error || !r.data) failed.push(t('disconnect.failed', { username: c.username, error: errorMessage(r.error) ?? '' }));
      else out.push(...r.data.disconnectCustomer.sessions);
      setDone((n) => n + 1);
    }
    setErrors(failed);
    setResults(out);
    setRunning(false);
  };
  const n = customers.length;
  return (
    <Modal opened={opened} onClose={running ? () => {} : close} title={t('disconnect.title', { count: n })}>
      <Stack>
        {results === null && !running && (
          <Text size="sm">{t('disconnect.text', { usernames: customers.map((c) => c.username).join(', ') })}</Text>
        )}
        {(running || results) && <Progress value={n ? (done * 100) / n : 100} aria-label={t('disconnect.progress')} />}
        {errors.length > 0 && (
          <Alert color="red" role="alert"><List size="sm">{errors.map((e) => <List.Item key={e}>{e}</List.Item>)}</List></Alert>
        )}
        {results && <OutcomeList actions={results} empty={t('disconnect.none')} />}
        <Group justify="flex-end">
          {results ? <Button onClick={close}>{t('disconnect.close')}</Button> : (
            <>
              <Button variant="default" onClick={close} disabled={running}>{t('disconnect.cancel')}</Button>
              <Button color="red" loading={running} onClick={start} data-testid="confirm-disconnect-many">{t('disconnect.confirm')}</Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
