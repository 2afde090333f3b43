import { Type } from 'class-transformer';
import { IsArray, IsInt, Min, ValidateNested } from 'class-validator';
import { LeasedRunStep } from '../runs/run-lease-steps';
import { PlannedUserChange } from '../sync/sync-plan';

/**
 * sync-planner → user-store: apply these changes in one transaction, which
 * also ends the run as `succeeded` — only while the run still holds this
 * lease. A run applied already answers its first result again, unchanged.
 */
export class ApplySyncPlanCommand extends LeasedRunStep {
  static readonly routingKey = 'users.apply-plan.v1' as const;

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
