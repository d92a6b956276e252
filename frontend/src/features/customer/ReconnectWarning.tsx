import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlertTriangle } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { graphql, useFragment, type FragmentType } from '../../gql';

/** Reconnects within 24 hours above which staff are warned about the line. */
export const RECONNECT_WARNING = 6;

/** How many sessions started in the 24 hours before `now`. */
export function sessionsInLastDay(sessions: { startedAt: string }[], now = dayjs()): number {
  const since = now.subtract(24, 'hour');
  return sessions.filter((s) => dayjs(s.startedAt).isAfter(since)).length;
}

export const ReconnectWarningFragment = graphql(`
  fragment ReconnectWarning_sessions on SessionConnection { edges { node { id startedAt } } }
`);

/** Warns when the line keeps dropping: many sessions started within a day. */
export function ReconnectWarning(props: { sessions: FragmentType<typeof ReconnectWarningFragment> }) {
  const conn = useFragment(ReconnectWarningFragment, props.sessions);
  const { t } = useTranslation('customer');
  const reconnects = sessionsInLastDay((conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])));
  if (reconnects < RECONNECT_WARNING) return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} mb="md" title={t('reconnect.title')} data-testid="reconnect-warning">
      {t('reconnect.text', { count: reconnects })}
    </Alert>
  );
}
