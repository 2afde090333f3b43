import type { PrivilegeName } from '../api/types';
import { CheckboxField } from './CheckboxField';
import { PRIVILEGE_LABELS, PRIVILEGES } from './privileges';

/**
 * Every privilege of the catalogue as a labelled checkbox in a fieldset
 * (Space toggles, Tab moves on). `onChange` gets the new choice, in the
 * catalogue's order.
 */
export function PrivilegeCheckboxes(props: {
  legend: string;
  chosen: ReadonlySet<PrivilegeName>;
  onChange: (chosen: Set<PrivilegeName>) => void;
}) {
  return (
    <fieldset className="privileges">
      <legend>{props.legend}</legend>
      {PRIVILEGES.map((privilege) => (
        <CheckboxField
          key={privilege}
          label={PRIVILEGE_LABELS[privilege]}
          checked={props.chosen.has(privilege)}
          onChange={(on) => {
            const next = new Set(props.chosen);
            if (on) next.add(privilege);
            else next.delete(privilege);
            props.onChange(next);
          }}
        />
      ))}
    </fieldset>
  );
}

/** The chosen privileges as a list in the catalogue's order. */
export function inCatalogueOrder(chosen: ReadonlySet<PrivilegeName>): PrivilegeName[] {
  return PRIVILEGES.filter((privilege) => chosen.has(privilege));
}
