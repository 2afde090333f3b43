import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { PlannedUserChange } from '../sync/sync-plan';

/** sync-planner → user-store: apply these changes in one transaction. */
export class ApplySyncPlanCommand {
  static readonly routingKey = 'users.apply-plan.v1' as const;

  @IsString()
  runId!: string;

  /** Only create/update/rename/delete lines; anything else is refused. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedUserChange)
  changes!: PlannedUserChange[];
}

export class ApplySyncPlanResult {
  @IsInt() @Min(0) created!: number;
  @IsInt() @Min(0) updated!: number;
  @IsInt() @Min(0) renamed!: number;
  @IsInt() @Min(0) deleted!: number;
}
