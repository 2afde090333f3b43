import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  type ValidationArguments,
} from 'class-validator';
import { ALL_PRIVILEGES } from '../settings/privilege';

/** A list never needs more entries than the catalogue has; a longer one is refused before it is read. */
const MAX_PRIVILEGES = ALL_PRIVILEGES.length;

/**
 * A list of privileges from the catalogue (`settings/privilege.ts`), each at
 * most once. A wrong value is named in the message (`"root" is not a
 * privilege`), so an admin sees which one to fix.
 */
export function IsPrivilegeList(): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    ArrayMaxSize(MAX_PRIVILEGES)(target, property);
    ArrayUnique(undefined, { message: '$property must not list a privilege twice' })(
      target,
      property,
    );
    IsIn(ALL_PRIVILEGES, { each: true, message: unknownPrivilegeMessage })(target, property);
  };
}

function unknownPrivilegeMessage({ property, value }: ValidationArguments): string {
  const wrong = (Array.isArray(value) ? value : [value]).filter(
    (item: unknown) => !ALL_PRIVILEGES.includes(item as never),
  );
  const named = wrong.map((item) => JSON.stringify(item)).join(', ');
  return `${property}: ${named} ${wrong.length === 1 ? 'is not a privilege' : 'are not privileges'}; the privileges are ${ALL_PRIVILEGES.join(', ')}`;
}
