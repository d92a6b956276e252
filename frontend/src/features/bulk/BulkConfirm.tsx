import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { CustomerSelection } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { TEMPLATE_FIELDS, actionEffect, actionLabel, type ActionInfo } from './actions';
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

/** The confirmation of a bulk action: how many customers, what will happen, and its inputs. */
export function BulkConfirm({ action, count, selection, plans, onClose, onStarted, onExport }: Props) {
  const { t } = useTranslation('bulk');
  const [profileID, setProfileID] = useState<string | null>(null);
  const [sms, setSms] = useState(true);
  const [email, setEmail] = useState(false);
  const [subject, setSubject] = useState('');
  // the default message, in the staff member's language, with its fields left to fill in
  const [body, setBody] = useState(() => t('confirm.defaultBody', TEMPLATE_FIELDS));
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
      setError(errorMessage(r.error) ?? t('confirm.notStarted'));
      return;
    }
    onStarted(job.id);
    close();
  };
  const needsPlan = action?.action === 'CHANGE_PROFILE' && !profileID;
  const needsText = action?.action === 'MESSAGE' && (!body.trim() || (!sms && !email) || (email && !subject.trim()));
  const label = action ? actionLabel(action.action) : '';

  return (
    <Modal opened={!!action} onClose={close} title={action ? t('confirm.title', { action: label, count }) : ''} size="lg" data-testid="bulk-confirm">
      {action && (
        <Stack gap="sm">
          <Text size="sm" data-testid="bulk-confirm-text">
            <Trans t={t} i18nKey="confirm.appliesTo" count={count} values={{ count }} components={{ b: <b /> }} /> {actionEffect(action.action)}
          </Text>
          {action.action === 'CHANGE_PROFILE' && (
            <Select label={t('confirm.newPlan')} placeholder={t('confirm.choosePlan')} data={plans} value={profileID} onChange={setProfileID}
              searchable data-testid="bulk-plan" comboboxProps={{ withinPortal: false }} />
          )}
          {action.action === 'MESSAGE' && (
            <>
              <Group>
                <Checkbox label={t('confirm.sms')} checked={sms} onChange={(e) => setSms(e.currentTarget.checked)} />
                <Checkbox label={t('confirm.email')} checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
              </Group>
              {email && <TextInput label={t('confirm.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={200} />}
              <Textarea label={t('confirm.message')} autosize minRows={3} maxLength={1000} value={body} onChange={(e) => setBody(e.currentTarget.value)}
                description={t('confirm.fields', TEMPLATE_FIELDS)} />
            </>
          )}
          {action.action !== 'EXPORT' && (
            <Text size="xs" c="dimmed">{t('confirm.background')}</Text>
          )}
          {error && <Alert color="red" data-testid="bulk-error">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('confirm.cancel')}</Button>
            <Button color={action.danger ? 'red' : undefined} onClick={run} loading={busy} disabled={needsPlan || needsText}
              data-testid="bulk-run">
              {t('confirm.run', { action: label, count })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
