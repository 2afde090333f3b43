import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compiledCheck } from './compiled-validation';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `{field: 'connection.host', message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^(an instance of \w+ )?has failed the validation:\s*/i, ''),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export interface ClassOf<T> {
  new (): T;
}

/**
 * Turns a plain object into an instance of `type` and validates it; unknown
 * properties are problems too (a typo must not be silently ignored).
 */
export function validatePlain<T extends object>(
  type: ClassOf<T>,
  plain: unknown,
): { value: T; problems: [] } | { value: null; problems: FieldProblem[] } {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { value: null, problems: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  // Valid messages (nearly all) are recognised quickly; anything else gets
  // class-validator's full, descriptive treatment.
  const check = compiledCheck(type);
  if (check?.(plain as Record<string, unknown>)) return { value: plain as T, problems: [] };
  const value = plainToInstance(type, plain);
  // forbidUnknownValues would refuse messages whose class has no fields (a query without parameters).
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  const problems = flattenValidationErrors(errors);
  return problems.length === 0 ? { value, problems: [] } : { value: null, problems };
}
