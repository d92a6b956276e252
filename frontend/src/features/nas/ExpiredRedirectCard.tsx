import { Anchor, Button, Card, Code, CopyButton, Group, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from '../../lib/router';
import { graphql, useFragment, type FragmentType } from '../../gql';

export const ExpiredRedirectCardFragment = graphql(`
  fragment ExpiredRedirectCard_nas on Nas { id name expiredRedirectScript }
`);

/**
 * The RouterOS lines that send the router's expired customers to the portal's expired page,
 * in a block to copy into the router's terminal.
 */
export function ExpiredRedirectCard(props: { nas: FragmentType<typeof ExpiredRedirectCardFragment> }) {
  const { t } = useTranslation(['nas', 'common']);
  const n = useFragment(ExpiredRedirectCardFragment, props.nas);
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
        <div>
          <Title order={2} size="h4">{t('redirect.title')}</Title>
          <Text size="sm" c="dimmed" maw={720}>
            <Trans
              t={t}
              i18nKey="redirect.text"
              values={{ name: n.name }}
              components={{ profiles: <Anchor component={Link} to="/profiles" />, settings: <Anchor component={Link} to="/settings" /> }}
            />
          </Text>
        </div>
        <CopyButton value={n.expiredRedirectScript}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy} data-testid="copy-expired-redirect">
              {copied ? t('copied') : t('common:actions.copy')}
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
