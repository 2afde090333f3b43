import { QueryFailedError } from 'typeorm';
import { AppError } from '@dirsync/service-kit';

/** What each unique index protects, in words an admin can act on. */
const UNIQUE_INDEXES: Record<string, string> = {
  users_user_name_lower_key:
    'the user name is already taken (user names are unique whatever their case)',
  users_external_id_key: 'a user for this directory entry already exists',
  user_email_addresses_address_lower_key: 'an e-mail address already belongs to another user',
};

/** PostgreSQL's SQLSTATE for unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Whether `error` is PostgreSQL's unique_violation (optionally on one
 * index): as TypeORM wraps it, or as `pg` gives it (a COPY, see copyRows).
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; constraint?: unknown } | null | undefined;
  if (typeof driverError !== 'object' || driverError === null) return false;
  return (
    driverError.code === UNIQUE_VIOLATION &&
    (constraint === undefined || driverError.constraint === constraint)
  );
}

/**
 * A unique violation as a `conflict` (409) naming what collided, or
 * `undefined` for any other error (which stays internal). The transaction it
 * came from has been rolled back: nothing of it was written.
 */
export function uniqueViolationAsConflict(error: unknown): AppError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as {
    code?: unknown;
    constraint?: unknown;
    detail?: unknown;
  };
  if (driverError.code !== UNIQUE_VIOLATION) return undefined;
  const constraint =
    typeof driverError.constraint === 'string' ? driverError.constraint : 'unknown';
  return new AppError(
    'conflict',
    UNIQUE_INDEXES[constraint] ?? `a value must be unique (${constraint})`,
    {
      details: {
        constraint,
        ...(typeof driverError.detail === 'string' ? { detail: driverError.detail } : {}),
      },
      cause: error,
    },
  );
}
