import { IsArray, IsEnum, IsOptional, IsString } from 'class-validator';
import { Privilege } from '../settings/privilege';

/** What subscribers learn about a user: never a secret. */
export class UserSnapshot {
  @IsString()
  id!: string;

  @IsString()
  userName!: string;

  @IsOptional()
  @IsString()
  fullName!: string | null;

  @IsArray()
  @IsString({ each: true })
  emailAddresses!: string[];

  @IsOptional()
  @IsString()
  externalId!: string | null;

  @IsOptional()
  @IsString()
  dn!: string | null;

  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];
}
