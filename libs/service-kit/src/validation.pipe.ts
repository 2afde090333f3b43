import { type ArgumentMetadata, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { AppError } from './app-error';
import { compiledCheck } from './compiled-validation';
import { type ClassOf, flattenValidationErrors } from './validation';

/**
 * ValidationPipe, but a JSON body its class's decorators accept (checked by
 * the same constraint functions, compiled once per class: see
 * compiled-validation.ts) is turned into the class without class-validator's
 * executor, which costs ≈ 50 µs per request. Anything else, and every other
 * kind of argument, takes ValidationPipe's own path, which names each problem.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (
      metadata.type === 'body' &&
      metatype &&
      this.toValidate(metadata) &&
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      const type = metatype as ClassOf<object>;
      if (compiledCheck(type)?.(value as Record<string, unknown>)) {
        return isFlat(value) && isPlainClass(type)
          ? Object.assign(new type(), value)
          : plainToInstance(type, value);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Every value a string, number, boolean or null (a sign-in's body): nothing to convert. */
function isFlat(value: object): boolean {
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== null && typeof field === 'object') return false;
  }
  return true;
}

const plainClasses = new Map<ClassOf<object>, boolean>();

/**
 * A class whose instance from flat JSON is `new type()` with the fields
 * copied, as class-transformer makes it: no @Expose/@Exclude (which would
 * pick fields), and no @Transform (compiledCheck refuses those). Skipping
 * class-transformer there saves ≈ 8 µs per sign-in. Object.assign meets
 * only the class's own field names: compiledCheck refuses any other key
 * (`__proto__` included).
 */
function isPlainClass(type: ClassOf<object>): boolean {
  let plain = plainClasses.get(type);
  if (plain === undefined) {
    plain =
      defaultMetadataStorage.getExposedMetadatas(type).length === 0 &&
      defaultMetadataStorage.getExcludedMetadatas(type).length === 0;
    plainClasses.set(type, plain);
  }
  return plain;
}

/**
 * HTTP bodies and query parameters: unknown fields are refused, and bad
 * input is a 400 listing `{field, message}` for every problem (the same
 * shape as settings errors).
 */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      const fields = [...new Set(problems.map((problem) => problem.field))].join(', ');
      return new AppError('invalid-request', `invalid request: ${fields}`, {
        details: problems,
      });
    },
  });
}

/** A path parameter that must be a UUID: otherwise a 400 naming it, in the same shape. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new AppError('invalid-request', `invalid request: ${name}`, {
        details: [{ field: name, message: `${name} must be a UUID` }],
      }),
  });
}
