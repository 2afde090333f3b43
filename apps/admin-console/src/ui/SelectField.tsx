import { describedBy, FieldMessages } from './FieldMessages';
import { useFieldIds } from './use-field-id';

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
  warning?: string | undefined;
  problem?: string | undefined;
}) {
  const ids = useFieldIds();
  return (
    <div className="field">
      <label htmlFor={ids.input}>{props.label}</label>
      <select
        id={ids.input}
        value={props.value}
        aria-describedby={describedBy(ids, props)}
        onChange={(event) => {
          const chosen = props.options.find((option) => option.value === event.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages ids={ids} hint={props.hint} warning={props.warning} problem={props.problem} />
    </div>
  );
}
