import { IsEmail, MaxLength } from 'class-validator';

/**
 * auth-gateway → user-store: the user owning this e-mail address
 * (case-insensitive), if any. Used to map an AD FS identity whose `upn` and
 * `unique_name` match no user name. Each address belongs to at most one user,
 * so the reply is `FindUserResult` (user or null).
 */
export class FindUserByEmailQuery {
  static readonly routingKey = 'users.find-by-email.v1' as const;

  @IsEmail({ require_tld: false })
  @MaxLength(320)
  emailAddress!: string;
}
