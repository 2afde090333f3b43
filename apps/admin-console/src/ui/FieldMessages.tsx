import type { ReactNode } from 'react';

/** A field's hint, its warning (the setting is risky) and its problem (the API refused it). */
export interface FieldMessageIds {
  hint: string;
  warning: string;
  problem: string;
}

export function FieldMessages(props: {
  ids: FieldMessageIds;
  hint?: ReactNode;
  warning?: string | undefined;
  problem?: string | undefined;
}) {
  return (
    <>
      {props.hint && (
        <span id={props.ids.hint} className="hint">
          {props.hint}
        </span>
      )}
      {props.warning && (
        <span id={props.ids.warning} className="field-warning" role="note">
          ⚠ {props.warning}
        </span>
      )}
      {props.problem && (
        <span id={props.ids.problem} className="field-problem" role="alert">
          {props.problem}
        </span>
      )}
    </>
  );
}

/** The field's `aria-describedby`: its hint, warning and problem, those it has, the problem last. */
export function describedBy(
  ids: FieldMessageIds,
  shown: { hint?: unknown; warning?: unknown; problem?: unknown },
) {
  return (
    [shown.hint ? ids.hint : '', shown.warning ? ids.warning : '', shown.problem ? ids.problem : '']
      .filter(Boolean)
      .join(' ') || undefined
  );
}
