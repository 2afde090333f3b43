import { IsArray, IsString, MinLength, ValidateBy } from 'class-validator';
import { ALL_PRIVILEGES } from '../settings/privilege';

/**
 * Columns: arrays of one field's values, one item per row (see
 * PlanPageCreates). Each decorator checks that the value is an array and
 * what each item must be, also where class-validator's `each` reaches only
 * one level down.
 */
function Column(
  name: string,
  valid: (item: unknown) => boolean,
  expected: string,
): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    ValidateBy({
      name,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every(valid),
        defaultMessage: () => `each item of ${String(property)} must be ${expected}`,
      },
    })(target, property);
  };
}

const isStringList = (item: unknown): item is string[] =>
  Array.isArray(item) && item.every((value) => typeof value === 'string');

/** A column of non-empty strings. */
export function NonEmptyStringColumn(): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    IsString({ each: true })(target, property);
    MinLength(1, { each: true })(target, property);
  };
}

/** A column of strings or nulls. */
export function StringOrNullColumn(): PropertyDecorator {
  return Column(
    'eachStringOrNull',
    (item) => item === null || typeof item === 'string',
    'a string or null',
  );
}

/** A column of lists of strings. */
export function StringListColumn(): PropertyDecorator {
  return Column('eachStringList', isStringList, 'a list of strings');
}

/** A column of lists of privileges from the catalogue, each at most once. */
export function PrivilegeListColumn(): PropertyDecorator {
  return Column(
    'eachPrivilegeList',
    (item) =>
      isStringList(item) &&
      item.every((value) => ALL_PRIVILEGES.includes(value as never)) &&
      new Set(item).size === item.length,
    `a list of privileges (${ALL_PRIVILEGES.join(', ')}), each at most once`,
  );
}
