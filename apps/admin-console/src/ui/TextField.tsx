import type { ReactNode } from 'react';
import { describedBy, FieldMessages } from './FieldMessages';
import { useFieldIds } from './use-field-id';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'number' | 'search' | 'email' | 'url';
  hint?: ReactNode;
  warning?: string | undefined;
  problem?: string | undefined;
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  monospace?: boolean;
}

/** A labelled input with its hint, warning and problem beside it. */
export function TextField(props: TextFieldProps) {
  const ids = useFieldIds();
  const common = {
    id: ids.input,
    value: props.value,
    placeholder: props.placeholder,
    required: props.required,
    'aria-invalid': props.problem ? true : undefined,
    'aria-describedby': describedBy(ids, props),
    className: props.monospace ? 'mono' : undefined,
  };
  return (
    <div className={`field${props.problem ? ' has-problem' : ''}`}>
      <label htmlFor={ids.input}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      <FieldMessages ids={ids} hint={props.hint} warning={props.warning} problem={props.problem} />
    </div>
  );
}
