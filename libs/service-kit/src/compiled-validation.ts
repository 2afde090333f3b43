import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  getMetadataStorage,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ClassOf } from './validation';

/**
 * A fast "is this plain object valid?" for message classes, built once per
 * class from the same class-validator decorators (and class-transformer
 * @Type for nesting). class-validator's executor costs ≈ 50 ms per page of
 * 1,000 users; this check calls the very same constraint functions without
 * the executor's per-object bookkeeping. It only answers yes or no: on "no",
 * the caller runs class-validator to describe the problems, so the messages
 * are class-validator's own. Classes it cannot reason about (transforms,
 * async validators, nesting without @Type) are reported as unsupported and
 * always take class-validator's path.
 */
type Check = (object: Record<string, unknown>) => boolean;
/** A decorated class, as the metadata storages key it. */
type AnyClass = abstract new (...args: never[]) => unknown;

const compiled = new Map<AnyClass, Check | null>();

export function compiledCheck(type: ClassOf<object>): Check | null {
  if (!compiled.has(type)) {
    compiled.set(type, null); // a cycle of classes resolves to the slow path while compiling
    compiled.set(type, compile(type));
  }
  return compiled.get(type) ?? null;
}

function compile(type: AnyClass): Check | null {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const known = new Set(byProperty.keys());
  const properties: Check[] = [];
  for (const [property, list] of byProperty) {
    if (
      defaultMetadataStorage.findTransformMetadatas(
        type,
        property,
        TransformationType.PLAIN_TO_CLASS,
      ).length > 0
    ) {
      return null;
    }
    const check = compileProperty(type, property, list);
    if (!check) return null;
    properties.push(check);
  }
  return (object) => {
    for (const key of Object.keys(object)) if (!known.has(key)) return false;
    for (const check of properties) if (!check(object)) return false;
    return true;
  };
}

function compileProperty(
  type: AnyClass,
  property: string,
  list: ValidationMetadata[],
): Check | null {
  const conditions: ((object: object, value: unknown) => boolean)[] = [];
  const validators: ((object: Record<string, unknown>, value: unknown) => boolean)[] = [];
  for (const metadata of list) {
    switch (metadata.type) {
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CONDITIONAL_VALIDATION:
        conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED: {
        const validator = customValidator(type, property, metadata);
        if (!validator) return null;
        validators.push(validator);
        break;
      }
      case ValidationTypes.NESTED_VALIDATION: {
        const typeMetadata = defaultMetadataStorage.findTypeMetadata(type, property);
        const nestedType = typeMetadata?.typeFunction();
        if (typeof nestedType !== 'function') return null;
        const discriminator = typeMetadata?.options?.discriminator;
        if (discriminator) {
          // A union keyed by a property (a plan line by its action): each item is checked as its own class.
          const byName = new Map(
            discriminator.subTypes.map((subType) => [subType.name, subType.value]),
          );
          const classOf = (item: unknown) =>
            byName.get(String((item as Record<string, unknown> | null)?.[discriminator.property]));
          validators.push((_object, value) => unionValid(classOf, value));
        } else {
          validators.push((_object, value) => nestedValid(nestedType as ClassOf<object>, value));
        }
        break;
      }
      default:
        return null;
    }
  }
  return (object) => {
    const value = object[property];
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const validator of validators) if (!validator(object, value)) return false;
    return true;
  };
}

function customValidator(type: AnyClass, property: string, metadata: ValidationMetadata) {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (constraints.some((constraint) => constraint.async)) return null;
  const instances: ValidatorConstraintInterface[] = constraints.map(
    (constraint) => constraint.instance,
  );
  const shortcut = builtInShortcut(metadata);
  // One arguments object per constraint, filled in per call: the
  // constraints are synchronous, so no call sees another's values.
  const args: ValidationArguments = {
    targetName: type.name,
    property,
    object: {},
    value: undefined,
    constraints: metadata.constraints,
  };
  const one = (candidate: unknown): boolean => {
    const quick = shortcut?.(candidate);
    if (quick !== undefined) return quick;
    for (const instance of instances) if (instance.validate(candidate, args) !== true) return false;
    return true;
  };
  return (object: Record<string, unknown>, value: unknown): boolean => {
    if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
    args.object = object;
    args.value = value;
    if (metadata.each && Array.isArray(value)) {
      for (const item of value) if (!one(item)) return false;
      return true;
    }
    if (metadata.each && (value instanceof Set || value instanceof Map)) {
      return [...(value instanceof Map ? value.values() : value)].every(one);
    }
    return one(value);
  };
}

/** Whether validator's isLength counts every UTF-16 unit of `value` as one character: no surrogate, no variation selector. */
function countedByUnits(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    if ((unit >= 0xd800 && unit <= 0xdfff) || unit === 0xfe0e || unit === 0xfe0f) return false;
  }
  return true;
}

/** An answer for one value, or `undefined`: ask the constraint itself. */
type Shortcut = (value: unknown) => boolean | undefined;

/**
 * class-validator's own checks, written out for the built-in constraints the
 * contracts use, keyed by the name the decorator registers: the same test on
 * the value, without the call through the constraint class and its
 * arguments (a plan page runs ≈ 30 constraints per line). isEnum's values
 * are listed once (class-validator lists the enum's keys on every call).
 * @MinLength and @MaxLength skip validator's two regular-expression matches
 * per value: a string with no surrogate and no variation selector has as
 * many characters as UTF-16 units; any other string gets the real check.
 * compiled-validation.spec.ts holds every shortcut to class-validator.
 */
type ShortcutFactory = (constraints: readonly unknown[]) => Shortcut | undefined;

const SHORTCUTS = new Map<string, ShortcutFactory>([
  ['isString', () => (value) => typeof value === 'string' || value instanceof String],
  ['isBoolean', () => (value) => typeof value === 'boolean' || value instanceof Boolean],
  ['isArray', () => (value) => Array.isArray(value)],
  ['isDefined', () => (value) => value !== undefined && value !== null],
  ['isInt', () => (value) => typeof value === 'number' && Number.isInteger(value)],
  [
    'min',
    ([bound]) =>
      typeof bound === 'number'
        ? (value) => typeof value === 'number' && value >= bound
        : undefined,
  ],
  [
    'max',
    ([bound]) =>
      typeof bound === 'number'
        ? (value) => typeof value === 'number' && value <= bound
        : undefined,
  ],
  [
    'isIn',
    ([allowed]) =>
      Array.isArray(allowed) ? (value) => allowed.some((item) => item === value) : undefined,
  ],
  [
    'isEnum',
    ([entity]) => {
      if (entity === null || typeof entity !== 'object') return undefined;
      const values = Object.values(entity) as unknown[];
      return (value) => values.includes(value);
    },
  ],
  [
    'arrayMaxSize',
    ([bound]) =>
      typeof bound === 'number'
        ? (value) => Array.isArray(value) && value.length <= bound
        : undefined,
  ],
  [
    'arrayMinSize',
    ([bound]) =>
      typeof bound === 'number'
        ? (value) => Array.isArray(value) && value.length >= bound
        : undefined,
  ],
  [
    'minLength',
    ([bound]) =>
      typeof bound === 'number' ? lengthShortcut((length) => length >= bound) : undefined,
  ],
  [
    'maxLength',
    ([bound]) =>
      typeof bound === 'number' ? lengthShortcut((length) => length <= bound) : undefined,
  ],
]);

function lengthShortcut(fits: (length: number) => boolean): Shortcut {
  return (value) => {
    if (typeof value !== 'string') return false;
    return countedByUnits(value) ? fits(value.length) : undefined;
  };
}

function builtInShortcut(metadata: ValidationMetadata): Shortcut | undefined {
  const shortcut = metadata.name === undefined ? undefined : SHORTCUTS.get(metadata.name);
  return shortcut?.(metadata.constraints ?? []);
}

function unionValid(classOf: (item: unknown) => AnyClass | undefined, value: unknown): boolean {
  const valid = (item: unknown) => {
    const type = classOf(item);
    return type !== undefined && nestedValid(type as ClassOf<object>, item);
  };
  return Array.isArray(value) ? value.every(valid) : valid(value);
}

function nestedValid(type: ClassOf<object>, value: unknown): boolean {
  const check = compiledCheck(type);
  if (!check) return false;
  const valid = (item: unknown) =>
    item !== null &&
    typeof item === 'object' &&
    !Array.isArray(item) &&
    check(item as Record<string, unknown>);
  return Array.isArray(value) ? value.every(valid) : valid(value);
}
