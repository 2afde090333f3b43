import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  PLAN_ACTIONS,
  type PlanAction,
  PlannedChangeBase,
  PLANNED_CHANGE_TYPE,
  type PlannedUserChange,
  PlanSummary,
} from '../sync/sync-plan';
import { LeasedRunStep } from './run-lease-steps';

/** Changes per plan page, on the wire and in the admin API. */
export const PLAN_PAGE_SIZE = 1_000;

/** The most staged lines one `runs.plan-complete.v1` withdraws. */
export const MAX_WITHDRAWN_LINES = 1_000_000;

/**
 * sync-planner → user-store: one page of a run's plan, staged beside the
 * run where it will be applied, at positions sequence × PLAN_PAGE_SIZE + i.
 * Pages are numbered from 0 and may come while the directory is still read
 * (the lines made so far); the plan counts only once `runs.plan-complete.v1`
 * says how many pages there are.
 */
export class StagePlanPageCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.plan-page.v1' as const;

  @IsInt()
  @Min(0)
  sequence!: number;

  @IsArray()
  @ArrayMaxSize(PLAN_PAGE_SIZE)
  @ValidateNested({ each: true })
  @Type(() => PlannedChangeBase, PLANNED_CHANGE_TYPE)
  changes!: PlannedUserChange[];
}

/**
 * sync-planner → user-store: every page was sent. The ledger withdraws the
 * staged lines the finished plan dropped (a line staged while the directory
 * was read, then found to name an entry the reader saw twice, or to bring
 * an address another line takes), then checks that every line the summary
 * counts arrived.
 */
export class CompletePlanCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.plan-complete.v1' as const;

  @IsInt()
  @Min(0)
  pages!: number;

  /** Positions of staged lines that are not part of the plan. */
  @IsArray()
  @ArrayMaxSize(MAX_WITHDRAWN_LINES)
  @IsInt({ each: true })
  @Min(0, { each: true })
  withdrawn!: number[];

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => PlanSummary)
  summary!: PlanSummary;
}

/**
 * sync-planner → user-store: staged lines of the run's plan, by position.
 * The planner lets a create line go once its page is staged and, when the
 * plan is finished, reads back the few it must compare exactly (two lines
 * whose addresses share a hash, a name the reader found on several
 * entries). Answered in the order asked, while the run holds this lease.
 */
export class GetStagedLinesQuery extends LeasedRunStep {
  static readonly routingKey = 'runs.plan-lines.v1' as const;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PLAN_PAGE_SIZE)
  @IsInt({ each: true })
  @Min(0, { each: true })
  positions!: number[];
}

export class StagedLines {
  /** The line at each position asked for, in that order. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedChangeBase, PLANNED_CHANGE_TYPE)
  lines!: PlannedUserChange[];
}

/**
 * config-api → user-store: a page of a run's planned changes, by action
 * (conflict, delete, create, rename, update, keep), then by user name.
 */
export class GetRunChangesQuery {
  static readonly routingKey = 'runs.changes.v1' as const;

  @IsUUID()
  runId!: string;

  @IsInt()
  @Min(0)
  offset!: number;

  @IsInt()
  @Min(1)
  @Max(PLAN_PAGE_SIZE)
  limit!: number;

  @IsOptional()
  @IsIn(PLAN_ACTIONS)
  action?: PlanAction;

  /** Only changes whose user name contains this (any case). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  userName?: string;
}

export class RunChangesPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedChangeBase, PLANNED_CHANGE_TYPE)
  changes!: PlannedUserChange[];

  /** How many changes match, all pages together. */
  @IsInt()
  @Min(0)
  total!: number;
}
