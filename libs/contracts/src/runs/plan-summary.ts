import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, ValidateNested } from 'class-validator';
import { DirectoryWarning } from '../directory/directory-warning';
import { PlanCounts } from '../sync/sync-plan';

/** What a plan is without its changes: enough to show it, check it and decide on it. */
export class PlanSummary {
  /** A digest of the changes: a stored plan is applied only if planning again gives the same. */
  @IsString()
  fingerprint!: string;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => PlanCounts)
  counts!: PlanCounts;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DirectoryWarning)
  warnings!: DirectoryWarning[];
}
