import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import type { CustomerSelection } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import type { ActionInfo } from './actions';
import {
  BulkChangeProfileMutation, BulkDeleteMutation, BulkMessageMutation, BulkRenewMutation, BulkResumeMutation, BulkSuspendMutation,
} from './operations';

interface Props {
  action: ActionInfo | null;
  count: number;
  selection: CustomerSelection;
  plans: { value: string; label: string }[];
  onClose: () => void;
  /** The job started (its id), or for EXPORT the confirmation. */
  onStarted: (jobID: string) => void;
  onExport: () => void;
}

const DEFAULT_BODY = 'Dear {{name}}, your {{plan}} internet expires on {{expiry}}. Account {{account}}.';

/** The confirmation of a bulk action: how many customers, what will happen, and its inputs. */
export function BulkConfirm({ action, count, selection, plans, onClose, onStarted, onExport }: Props) {
  const [profileID, setProfileID] = useState<string | null>(null);
  const [sms, setSms] = useState(true);
  const [email, setEmail] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState(DEFAULT_BODY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, renew] = useMutation(BulkRenewMutation);
  const [, suspend] = useMutation(BulkSuspendMutation);
  const [, resume] = useMutation(BulkResumeMutation);
  const [, remove] = useMutation(BulkDeleteMutation);
  const [, changePlan] = useMutation(BulkChangeProfileMutation);
  const [, message] = useMutation(BulkMessageMutation);

  const close = () => {
    setError(null);
    onClose();
  };
  const run = async () => {
    if (!action) return;
    if (action.action === 'EXPORT') {
      onExport();
      close();
      return;
    }
    setBusy(true);
    setError(null);
    const v = { selection };
    const r =
      action.action === 'RENEW' ? await renew(v)
      : action.action === 'SUSPEND' ? await suspend(v)
      : action.action === 'RESUME' ? await resume(v)
      : action.action === 'DELETE' ? await remove(v)
      : action.action === 'CHANGE_PROFILE' ? await changePlan({ ...v, profileID: profileID ?? '' })
      : await message({ ...v, message: { sms, email, subject: email ? subject : null, body } });
    setBusy(false);
    const data = r.data as Record<string, { id: string } | undefined> | undefined;
    const job = data ? Object.values(data)[0] : undefined;
    if (r.error || !job) {
      setError(errorMessage(r.error) ?? 'The action could not be started.');
      return;
    }
    onStarted(job.id);
    close();
  };
  const needsPlan = action?.action === 'CHANGE_PROFILE' && !profileID;
  const needsText = action?.action === 'MESSAGE' && (!body.trim() || (!sms && !email) || (email && !subject.trim()));
  const who = `${count} customer${count === 1 ? '' : 's'}`;

  return (
    <Modal opened={!!action} onClose={close} title={action ? `${action.label}: ${who}` : ''} size="lg" data-testid="bulk-confirm">
      {action && (
        <Stack gap="sm">
          <Text size="sm" data-testid="bulk-confirm-text">
            This applies to <b>{who}</b>. {action.effect}
          </Text>
          {action.action === 'CHANGE_PROFILE' && (
            <Select label="New plan" placeholder="Choose a plan" data={plans} value={profileID} onChange={setProfileID}
              searchable data-testid="bulk-plan" comboboxProps={{ withinPortal: false }} />
          )}
          {action.action === 'MESSAGE' && (
            <>
              <Group>
                <Checkbox label="SMS" checked={sms} onChange={(e) => setSms(e.currentTarget.checked)} />
                <Checkbox label="E-mail" checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
              </Group>
              {email && <TextInput label="E-mail subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={200} />}
              <Textarea label="Message" autosize minRows={3} maxLength={1000} value={body} onChange={(e) => setBody(e.currentTarget.value)}
                description="{{name}}, {{account}}, {{plan}}, {{expiry}} and {{amount}} are filled in for each customer." />
            </>
          )}
          {action.action !== 'EXPORT' && (
            <Text size="xs" c="dimmed">It runs in the background; you can follow it and see each customer's result.</Text>
          )}
          {error && <Alert color="red" data-testid="bulk-error">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button color={action.danger ? 'red' : undefined} onClick={run} loading={busy} disabled={needsPlan || needsText}
              data-testid="bulk-run">
              {action.label} {who}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
