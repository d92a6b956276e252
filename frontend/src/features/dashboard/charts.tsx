// The dashboard's two charts (recharts, the largest library the page uses): their own chunk,
// fetched once the figures they draw have arrived, so the page's first paint waits for none
// of it. Each fills the fixed-size box its card gives it.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatMoney, formatMonth, formatTime } from '../../lib/format';

export interface OnlinePoint {
  /** milliseconds since the epoch */
  t: number;
  online: number;
}

/** Customers online over the 24 hours from dayStart to dayEnd, ticks at `ticks`. */
export function OnlineChart({ data, dayStart, dayEnd, ticks, name }: { data: OnlinePoint[]; dayStart: number; dayEnd: number; ticks: number[]; name: string }) {
  return (
    <ResponsiveContainer>
      <AreaChart data={data} margin={{ left: -10, right: 10, top: 10 }}>
        <defs>
          <linearGradient id="onl" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="var(--mantine-color-green-5)" stopOpacity={0.5} />
            <stop offset="100%" stopColor="var(--mantine-color-green-5)" stopOpacity={0.05} />
          </linearGradient>
        </defs>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-gray-3)" />
        <XAxis dataKey="t" type="number" domain={[dayStart, dayEnd]} scale="time" ticks={ticks}
          tickFormatter={(v: number) => formatTime(new Date(v).toISOString())} fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip labelFormatter={(v) => formatDateTime(new Date(Number(v)).toISOString())} />
        <Area type="monotone" dataKey="online" name={name} stroke="var(--mantine-color-green-7)" fill="url(#onl)" isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}

/** Net revenue per month ("2026-05"), one bar each. */
export function RevenueBars({ data, name }: { data: { month: string; net: number }[]; name: string }) {
  return (
    <ResponsiveContainer>
      <BarChart data={data} margin={{ left: 0, right: 0, top: 4 }}>
        <XAxis dataKey="month" tickFormatter={(m: string) => formatMonth(m, true)} fontSize={11} />
        <YAxis hide />
        <Tooltip formatter={(v) => formatMoney(Number(v))} labelFormatter={(m) => formatMonth(String(m))} />
        <Bar dataKey="net" name={name} fill="var(--mantine-color-blue-5)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
