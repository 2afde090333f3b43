import { useEffect, useState } from 'react';

/** How long typing must pause before a search is sent: one request per word, not per keystroke. */
export const SEARCH_DEBOUNCE_MS = 250;

/** `value`, once it has stayed the same for `ms` (the first value at once). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
