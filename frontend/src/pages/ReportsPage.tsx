import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from '../lib/router';
import { PageHeader } from '../components/PageHeader';
import { ExpiringReport } from '../features/reports/ExpiringReport';
import { GrowthReport } from '../features/reports/GrowthReport';
import { TopUsersReport } from '../features/reports/TopUsersReport';
import { RevenuePage } from './RevenuePage';

const tabs = ['customers', 'revenue', 'expiring', 'traffic'];

/** The reports together, one tab each (the tab is in the URL): customers, revenue, expiring, traffic. */
export function ReportsPage() {
  const { t } = useTranslation('reports');
  const [params, setParams] = useSearchParams();
  const tab = tabs.includes(params.get('tab') ?? '') ? params.get('tab')! : 'customers';
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="customers" data-testid="tab-customers">{t('tabs.customers')}</Tabs.Tab>
          <Tabs.Tab value="revenue" data-testid="tab-revenue">{t('tabs.revenue')}</Tabs.Tab>
          <Tabs.Tab value="expiring" data-testid="tab-expiring">{t('tabs.expiring')}</Tabs.Tab>
          <Tabs.Tab value="traffic" data-testid="tab-traffic">{t('tabs.traffic')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="customers"><GrowthReport /></Tabs.Panel>
        <Tabs.Panel value="revenue"><RevenuePage /></Tabs.Panel>
        <Tabs.Panel value="expiring"><ExpiringReport /></Tabs.Panel>
        <Tabs.Panel value="traffic"><TopUsersReport /></Tabs.Panel>
      </Tabs>
    </>
  );
}
