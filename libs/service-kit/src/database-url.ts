import { Matches } from 'class-validator';

/** `postgres://user:password@host:port/database` (or `postgresql://`). */
export const IsDatabaseUrl = () =>
  Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' });
