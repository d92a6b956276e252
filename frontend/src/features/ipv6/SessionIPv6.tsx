import { Badge, Stack, Text, Tooltip } from '@mantine/core';

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
  if (!v6) return null;
  const wan = v6.framedAddress ?? v6.framedPrefix;
  return (
    <Stack gap={0} data-testid="session-ipv6">
      {wan && <Text size="xs" className="mono" title="Framed-IPv6-Prefix / Framed-IPv6-Address">{wan}</Text>}
      {v6.delegatedPrefix && <Text size="xs" className="mono" c="dimmed" title="Delegated-IPv6-Prefix">PD {v6.delegatedPrefix}</Text>}
      {v6.interfaceID && !wan && <Text size="xs" className="mono" c="dimmed" title="Framed-Interface-Id">if {v6.interfaceID}</Text>}
      {v6.malformed && (
        <Tooltip label={v6.malformed} multiline w={320}>
          <Badge size="xs" color="orange" variant="light">malformed IPv6</Badge>
        </Tooltip>
      )}
    </Stack>
  );
}
