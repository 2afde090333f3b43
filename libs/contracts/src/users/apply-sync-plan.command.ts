import { IsInt, Min } from 'class-validator';
import { LeasedRunStep } from '../runs/run-lease-steps';

/**
 * sync-planner → user-store: apply the run's staged plan (its
 * create/update/rename/delete changes) in one transaction, which also ends
 * the run as `succeeded` — only while the run still holds this lease. A run
 * applied already answers its first result again, unchanged.
 */
export class ApplySyncPlanCommand extends LeasedRunStep {
  static readonly routingKey = 'users.apply-plan.v1' as const;
}

export class ApplySyncPlanResult {
  @IsInt() @Min(0) created!: number;
  @IsInt() @Min(0) updated!: number;
  @IsInt() @Min(0) renamed!: number;
  @IsInt() @Min(0) deleted!: number;
}
