import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What the router reported of a session's IPv6 (SessionIPv6), as the session views show it. */
export interface SessionIPv6Data {
  framedPrefix?: string | null;
  delegatedPrefix?: string | null;
  interfaceID?: string | null;
  framedAddress?: string | null;
  malformed?: string | null;
}

/** The session's IPv6 under its IPv4 address: WAN prefix or address, delegated prefix, and a
 * badge when the router sent an attribute linedesk could not read. */
export function SessionIPv6({ v6 }: { v6?: SessionIPv6Data | null }) {
  const { t } = useTranslation('ipv6');
  if (!v6) return null;
  const wan = v6.framedAddress ?? v6.framedPrefix;
  return (
    <Stack gap={0} data-testid="session-ipv6">
      {wan && <Text size="xs" className="mono" title={t('session.wanTitle')}>{wan}</Text>}
      {v6.delegatedPrefix && <Text size="xs" className="mono" c="dimmed" title={t('session.pdTitle')}>{t('session.pd', { prefix: v6.delegatedPrefix })}</Text>}
      {v6.interfaceID && !wan && <Text size="xs" className="mono" c="dimmed" title={t('session.ifTitle')}>{t('session.interfaceId', { id: v6.interfaceID })}</Text>}
      {v6.malformed && (
        <Tooltip label={v6.malformed} multiline w={320}>
          <Badge size="xs" color="orange" variant="light">{t('session.malformed')}</Badge>
        </Tooltip>
      )}
    </Stack>
  );
}
