import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { ExpiringReport } from '../features/reports/ExpiringReport';
import { GrowthReport } from '../features/reports/GrowthReport';
import { TopUsersReport } from '../features/reports/TopUsersReport';
import { RevenuePage } from './RevenuePage';

const tabs = ['customers', 'revenue', 'expiring', 'traffic'];

/** The reports together, one tab each (the tab is in the URL): customers, revenue, expiring, traffic. */
export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const tab = tabs.includes(params.get('tab') ?? '') ? params.get('tab')! : 'customers';
  return (
    <>
      <PageHeader title="Reports" subtitle="Customers, revenue, expiries and traffic, with charts and CSV" />
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="customers" data-testid="tab-customers">Customers</Tabs.Tab>
          <Tabs.Tab value="revenue" data-testid="tab-revenue">Revenue</Tabs.Tab>
          <Tabs.Tab value="expiring" data-testid="tab-expiring">Expiring</Tabs.Tab>
          <Tabs.Tab value="traffic" data-testid="tab-traffic">Top users</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="customers"><GrowthReport /></Tabs.Panel>
        <Tabs.Panel value="revenue"><RevenuePage /></Tabs.Panel>
        <Tabs.Panel value="expiring"><ExpiringReport /></Tabs.Panel>
        <Tabs.Panel value="traffic"><TopUsersReport /></Tabs.Panel>
      </Tabs>
    </>
  );
}
