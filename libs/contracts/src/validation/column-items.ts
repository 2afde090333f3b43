import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { ALL_PRIVILEGES } from '../settings/privilege';

/**
 * Checks on each item of a column (an array of one field's values, one
 * item per row: see PlanPageCreates), where class-validator's `each`
 * reaches only one level down. Values that are not arrays are left to
 * @IsArray.
 */
function EachItem(
  name: string,
  valid: (item: unknown) => boolean,
  expected: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every(valid),
        defaultMessage: buildMessage(() => `each item of $property must be ${expected}`, options),
      },
    },
    options,
  );
}

const isStringList = (item: unknown): item is string[] =>
  Array.isArray(item) && item.every((value) => typeof value === 'string');

/** Each item a string or null. */
export function EachStringOrNull(): PropertyDecorator {
  return EachItem(
    'eachStringOrNull',
    (item) => item === null || typeof item === 'string',
    'a string or null',
  );
}

/** Each item a list of strings. */
export function EachStringList(): PropertyDecorator {
  return EachItem('eachStringList', isStringList, 'a list of strings');
}

/** Each item a list of privileges from the catalogue, each at most once. */
export function EachPrivilegeList(): PropertyDecorator {
  return EachItem(
    'eachPrivilegeList',
    (item) =>
      isStringList(item) &&
      item.every((value) => ALL_PRIVILEGES.includes(value as never)) &&
      new Set(item).size === item.length,
    `a list of privileges (${ALL_PRIVILEGES.join(', ')}), each at most once`,
  );
}
