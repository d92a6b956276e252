// Sections of the settings page, by the group the server names for each setting
// (SettingValue.group); a group this client does not know goes under "Other".

export const SECTIONS: { group: string; title: string }[] = [
  { group: 'general', title: 'General' },
  { group: 'radius', title: 'RADIUS' },
  { group: 'reminders', title: 'Reminders & messages' },
  { group: 'delivery', title: 'Delivery (SMS, e-mail, webhook)' },
  { group: 'retention', title: 'Retention' },
  { group: 'portal', title: 'Subscriber portal & branding' },
  { group: 'other', title: 'Other' },
];

/** The section a setting of group belongs to ('other' for a group not in SECTIONS). */
export function sectionOf(group: string | null | undefined): string {
  return SECTIONS.some((s) => s.group === group) ? (group as string) : 'other';
}

/** Settings in their sections, in SECTIONS' order, leaving out empty ones. */
export function bySection<T extends { group?: string | null }>(items: T[]) {
  return SECTIONS.map((s) => ({ ...s, items: items.filter((i) => sectionOf(i.group) === s.group) })).filter((s) => s.items.length > 0);
}
