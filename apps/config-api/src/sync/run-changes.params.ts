import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PLAN_ACTIONS, PLAN_PAGE_SIZE, type PlanAction } from '@dirsync/contracts';

/**
 * `GET /directory/runs/:id/changes?offset=&limit=&action=&userName=`: a page
 * of a run's plan (default the first 100); a bad value is a 400 naming it.
 */
export class RunChangesParams {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  offset?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PLAN_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @IsIn(PLAN_ACTIONS)
  action?: PlanAction;

  /** Changes whose user name contains this, in any case. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  userName?: string;
}
