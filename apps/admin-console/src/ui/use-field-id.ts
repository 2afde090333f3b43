import { useId } from 'react';

/** Ids that tie a field to its label, hint, warning and problem (for screen readers and getByLabel). */
export function useFieldIds() {
  const id = useId();
  return {
    input: `${id}-input`,
    hint: `${id}-hint`,
    warning: `${id}-warning`,
    problem: `${id}-problem`,
  };
}
