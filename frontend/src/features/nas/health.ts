// A router's health as the lists and the dashboard show it, apart from the routers page so
// the dashboard's cards load without it.
import dayjs from 'dayjs';
import { i18n } from '../../i18n';

/** How a router looks from here: talking to us recently, or silent. */
export function nasHealth(lastSeenAt: string | null | undefined, now = dayjs()): { label: string; color: string } {
  const label = (k: 'neverSeen' | 'healthy' | 'quiet' | 'silent') => i18n.t(`health.${k}`, { ns: 'nas' });
  if (!lastSeenAt) return { label: label('neverSeen'), color: 'gray' };
  const mins = now.diff(dayjs(lastSeenAt), 'minute');
  if (mins <= 15) return { label: label('healthy'), color: 'green' };
  if (mins <= 60) return { label: label('quiet'), color: 'yellow' };
  return { label: label('silent'), color: 'red' };
}
