import { Anchor, Button, Card, Code, CopyButton, Group, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { graphql, useFragment, type FragmentType } from '../../gql';

export const ExpiredRedirectCardFragment = graphql(`
  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }
`);

/**
 * The RouterOS lines that send the router's expired customers to the portal's expired page,
 * in a block to copy into the router's terminal.
 */
export function ExpiredRedirectCard(props: { nas: FragmentType<typeof ExpiredRedirectCardFragment> }) {
  const n = useFragment(ExpiredRedirectCardFragment, props.nas);
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
        <div>
          <Title order={2} size="h4">Expired customers to the portal</Title>
          <Text size="sm" c="dimmed" maw={720}>
            A customer whose subscription ended gets an address from the plan's expired pool. Paste these lines into {n.name}'s
            terminal (RouterOS 6 or 7) so their web pages open the portal's "your subscription ended" page. They use the
            expired pools set on the <Anchor component={Link} to="/profiles">Profiles</Anchor> page and the public address
            in <Anchor component={Link} to="/settings">Settings</Anchor>.
          </Text>
        </div>
        <CopyButton value={n.expiredRedirectScript}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy} data-testid="copy-expired-redirect">
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block data-testid="expired-redirect-script" style={{ whiteSpace: 'pre', overflowX: 'auto', maxHeight: 480 }}>
        {n.expiredRedirectScript}
      </Code>
    </Card>
  );
}
