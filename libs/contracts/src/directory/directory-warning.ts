import { IsOptional, IsString } from 'class-validator';

/** Something an admin should know about a read that did not stop it. */
export class DirectoryWarning {
  /** Stable machine-readable code, e.g. `user-without-name`, `dangling-member`. */
  @IsString()
  code!: string;

  @IsString()
  message!: string;

  /** The entry the warning is about, when there is one. */
  @IsOptional()
  @IsString()
  dn?: string;
}
