import { useState } from 'react';

/**
 * The offset of a paged list that starts again at 0 whenever `filters`
 * (the search, the kind, …) change — in the same render, so no request is
 * sent for the new filters at the old offset.
 */
export function usePageOffset(filters: string): [number, (offset: number) => void] {
  const [paged, setPaged] = useState({ filters, offset: 0 });
  const offset = paged.filters === filters ? paged.offset : 0;
  return [offset, (next) => setPaged({ filters, offset: next })];
}
