import type { ReactNode } from 'react';

/** A field's hint, its warning (the setting is risky) and its problem (the API refused it). */
export function FieldMessages(props: {
  ids: { hint: string; problem: string };
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
        <span className="field-warning" role="note">
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

export function describedBy(
  ids: { hint: string; problem: string },
  hint: unknown,
  problem: unknown,
) {
  return [hint ? ids.hint : '', problem ? ids.problem : ''].filter(Boolean).join(' ') || undefined;
}
