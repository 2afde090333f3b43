import type { ReactNode } from 'react';
import { describedBy, FieldMessages } from './FieldMessages';
import { useFieldIds } from './use-field-id';

export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  warning?: string | undefined;
  problem?: string | undefined;
  disabled?: boolean;
}) {
  const ids = useFieldIds();
  return (
    <div className="field checkbox">
      <input
        id={ids.input}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={describedBy(ids, props)}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={ids.input}>{props.label}</label>
      <FieldMessages ids={ids} hint={props.hint} warning={props.warning} problem={props.problem} />
    </div>
  );
}
