import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Limits as in the contracts (FindUserQuery, VerifyPasswordCommand). */
export class PasswordSignInRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @Matches(/\S/, { message: 'userName must not be blank' })
  userName!: string;

  /** May be empty here: the service refuses it with its own code (`empty-password`). */
  @IsString()
  @MaxLength(1024)
  password!: string;
}
