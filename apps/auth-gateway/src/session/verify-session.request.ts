import { IsString, MaxLength, MinLength } from 'class-validator';

export class VerifySessionRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token!: string;
}
