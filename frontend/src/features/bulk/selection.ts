// Row selection on the customers list: single rows, the page shown, or every customer matching
// the current search and filters ("all N matching"). Changing the search or a filter clears it.
import { useEffect, useState } from 'react';
import type { AccessState, ConnectionStatus, CustomerSelection, CustomerWhereInput } from '../../gql/graphql';

/** The list's search and filters, exactly as the list query sends them. */
export interface ListFilter {
  search: string;
  status: ConnectionStatus | null;
  accessState: AccessState | null;
  where: CustomerWhereInput | null;
}

export interface Selection {
  ids: Set<string>;
  /** Every customer matching the filter, not just the ids. */
  all: boolean;
}

/** The API's CustomerSelection for a selection on a list with filter f. */
export function selectionInput(sel: Selection, f: ListFilter): CustomerSelection {
  if (!sel.all) return { ids: [...sel.ids] };
  return {
    search: f.search || null,
    status: f.status,
    accessState: f.accessState,
    where: f.where,
  };
}

/** How many customers sel names on a list of total matching customers. */
export function selectedCount(sel: Selection, total: number): number {
  return sel.all ? total : sel.ids.size;
}

export function useRowSelection(f: ListFilter) {
  const [sel, setSel] = useState<Selection>({ ids: new Set(), all: false });
  const key = JSON.stringify(f);
  useEffect(() => setSel({ ids: new Set(), all: false }), [key]);
  return {
    sel,
    toggle: (id: string) =>
      setSel((s) => {
        const ids = new Set(s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { ids, all: false };
      }),
    /** Selects the page's rows, or clears them when all are selected already. */
    togglePage: (pageIds: string[]) =>
      setSel((s) => {
        const ids = new Set(s.ids);
        const every = pageIds.length > 0 && pageIds.every((id) => ids.has(id));
        for (const id of pageIds) {
          if (every) ids.delete(id);
          else ids.add(id);
        }
        return { ids, all: false };
      }),
    selectAll: () => setSel((s) => ({ ids: s.ids, all: true })),
    clear: () => setSel({ ids: new Set(), all: false }),
  };
}
