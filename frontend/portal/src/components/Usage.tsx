// Usage this period against the cap (a bar with numbers), and the daily use as a small
// inline SVG bar chart (no chart library).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/isp';

export interface UsageValues {
  periodStart: string;
  bytesIn: number;
  bytesOut: number;
  limitBytes?: number | null;
}

export function UsageBar({ usage }: { usage: UsageValues }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const used = usage.bytesIn + usage.bytesOut;
  const limit = usage.limitBytes && usage.limitBytes > 0 ? usage.limitBytes : null;
  const ratio = limit ? Math.min(1, used / limit) : 0;
  const percent = new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 0 }).format(limit ? used / limit : 0);
  return (
    <div className="usage" data-testid="usage">
      <p className="usage-figures">
        <strong data-testid="usage-used">
          {limit ? t('home.usageOf', { used: fmt.bytes(used), limit: fmt.bytes(limit) }) : t('home.usageUnlimited', { used: fmt.bytes(used) })}
        </strong>
        {limit ? (
          <span className="muted" data-testid="usage-left">
            {used >= limit ? t('home.usageOver') : t('home.usageLeft', { left: fmt.bytes(limit - used) })}
          </span>
        ) : null}
      </p>
      {limit ? (
        <div
          className={`bar${ratio >= 1 ? ' bar-full' : ratio >= 0.8 ? ' bar-high' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(ratio * 100)}
          aria-label={t('home.usageBar', { percent })}
        >
          <span style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
        </div>
      ) : null}
      <p className="small muted">
        {t('home.usageSplit', { down: fmt.bytes(usage.bytesOut), up: fmt.bytes(usage.bytesIn) })}
        {' · '}
        {t('home.usageSince', { date: fmt.date(usage.periodStart) })}
      </p>
    </div>
  );
}

export interface Day {
  day: string;
  bytesIn: number;
  bytesOut: number;
}

export function DailyChart({ days }: { days: Day[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!days.length || days.every((d) => d.bytesIn + d.bytesOut === 0)) {
    return <p className="muted">{t('home.dailyEmpty')}</p>;
  }
  const totals = days.map((d) => d.bytesIn + d.bytesOut);
  const max = Math.max(...totals);
  const maxIdx = totals.indexOf(max);
  const W = 300;
  const H = 90;
  const gap = 2;
  const bw = (W - gap * (days.length - 1)) / days.length;
  const label = t('home.dailyChart', {
    from: fmt.day(days[0].day),
    to: fmt.day(days[days.length - 1].day),
    maxDay: fmt.day(days[maxIdx].day),
    max: fmt.bytes(max),
  });
  return (
    <figure className="chart" data-testid="daily-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="none">
        {days.map((d, i) => {
          const h = max > 0 ? Math.max(totals[i] > 0 ? 2 : 0, (totals[i] / max) * H) : 0;
          return (
            <rect key={d.day} x={i * (bw + gap)} y={H - h} width={bw} height={h} rx={1.5} className="chart-bar">
              <title>{t('home.dailyBar', { day: fmt.day(d.day), amount: fmt.bytes(totals[i]) })}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart-axis small muted">
        <span>{fmt.day(days[0].day)}</span>
        <span>{fmt.day(days[days.length - 1].day)}</span>
      </figcaption>
    </figure>
  );
}
