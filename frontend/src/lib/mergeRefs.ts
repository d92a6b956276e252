// useMergeRefs as @floating-ui/react has it, on Mantine's own useMergedRef: Mantine's ScrollArea
// (and with it every Table, through Table.ScrollContainer) imports this one hook from
// @floating-ui/react, whose chunk is the whole positioning library the menus and popovers use
// (16 kB compressed, on the dashboard's first load). vite.config.ts gives ScrollArea this module
// instead; nothing else imports it.
import { useMergedRef } from '@mantine/hooks';
import type { Ref } from 'react';

/** One ref callback that sets every ref of refs (and clears them, or runs their cleanups). */
export function useMergeRefs<T>(refs: Array<Ref<T> | undefined>) {
  return useMergedRef<T>(...refs);
}
