// Sections of the settings page, by the group the server names for each setting
// (SettingValue.group); a group this client does not know goes under "Other".

// Each title is the key settings:sections.<group>.
export const SECTIONS = [
  { group: 'general', title: 'sections.general' },
  { group: 'radius', title: 'sections.radius' },
  { group: 'reminders', title: 'sections.reminders' },
  { group: 'delivery', title: 'sections.delivery' },
  { group: 'retention', title: 'sections.retention' },
  { group: 'portal', title: 'sections.portal' },
  { group: 'languages', title: 'sections.languages' },
  { group: 'other', title: 'sections.other' },
] as const;

/** The section a setting of group belongs to ('other' for a group not in SECTIONS). */
export function sectionOf(group: string | null | undefined): string {
  return SECTIONS.some((s) => s.group === group) ? (group as string) : 'other';
}

/** Settings in their sections, in SECTIONS' order, leaving out empty ones. */
export function bySection<T extends { group?: string | null }>(items: T[]) {
  return SECTIONS.map((s) => ({ ...s, items: items.filter((i) => sectionOf(i.group) === s.group) })).filter((s) => s.items.length > 0);
}
