import { IsArray, IsIn, ValidateBy, type ValidationArguments } from 'class-validator';
import { ALL_PRIVILEGES } from '../settings/privilege';

/**
 * A list of privileges from the catalogue (`settings/privilege.ts`), each at
 * most once. A wrong value is named in the message (`"root" is not a
 * privilege`), so an admin sees which one to fix.
 */
export function IsPrivilegeList(): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    IsIn(ALL_PRIVILEGES, { each: true, message: unknownPrivilegeMessage })(target, property);
    EachPrivilegeOnce()(target, property);
  };
}

function unknownPrivilegeMessage({ property, value }: ValidationArguments): string {
  const wrong = (Array.isArray(value) ? value : [value]).filter(
    (item: unknown) => !ALL_PRIVILEGES.includes(item as never),
  );
  // A few are enough to fix a typo; a hostile list must not make a huge message.
  const named =
    wrong
      .slice(0, 3)
      .map((item) => JSON.stringify(item)?.slice(0, 64))
      .join(', ') + (wrong.length > 3 ? `, … (${wrong.length} in all)` : '');
  return `${property}: ${named} ${wrong.length === 1 ? 'is not a privilege' : 'are not privileges'}; the privileges are ${ALL_PRIVILEGES.join(', ')}`;
}

/** No privilege twice (which also bounds the list by the catalogue's size); non-arrays are IsArray's. */
function EachPrivilegeOnce(): PropertyDecorator {
  return ValidateBy({
    name: 'eachPrivilegeOnce',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || new Set(value).size === value.length,
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must not list a privilege twice`,
    },
  });
}
