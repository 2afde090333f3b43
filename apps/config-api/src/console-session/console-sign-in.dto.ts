import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NoControlCharacters } from '@dirsync/contracts';

/** Either `adminToken`, or `userName` and `password` (a directory user's). */
export class ConsoleSignInDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @NoControlCharacters()
  userName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  /** The bootstrap ADMIN_TOKEN or an API token with the admin right. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  adminToken?: string;
}
