import { Type } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { DirectoryUser } from '../directory/directory-user';
import { DirectoryWarning } from '../directory/directory-warning';
import { Privilege } from '../settings/privilege';

export const PLAN_ACTIONS = ['create', 'update', 'rename', 'delete', 'keep', 'conflict'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** The actions that change the store; the others are reported only. */
export const APPLIED_ACTIONS: readonly PlanAction[] = ['create', 'update', 'rename', 'delete'];

export const USER_FIELDS = ['userName', 'dn', 'fullName', 'emailAddresses'] as const;
export type UserField = (typeof USER_FIELDS)[number];
export type UserFieldValue = string | string[] | null;

export class FieldChange {
  @IsIn(USER_FIELDS)
  field!: UserField;

  @Allow()
  old!: UserFieldValue;

  @Allow()
  new!: UserFieldValue;
}

export const KEEP_REASONS = ['no-longer-in-directory', 'out-of-scope'] as const;
export type KeepReason = (typeof KEEP_REASONS)[number];

/** One line of a plan: what a sync would do (or did) to one user. */
export class PlannedUserChange {
  @IsIn(PLAN_ACTIONS)
  action!: PlanAction;

  /** The user name the change is about (the new one for a rename). */
  @IsString()
  userName!: string;

  /** The store's id, for changes to existing users. */
  @IsOptional()
  @IsString()
  userId?: string;

  /** The directory's state of the user, for create/update/rename. */
  @IsOptional()
  @ValidateNested()
  @Type(() => DirectoryUser)
  directoryUser?: DirectoryUser;

  /** Each changed field with old and new value (update/rename). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  fieldChanges?: FieldChange[];

  /** Privileges a created user starts with. */
  @IsOptional()
  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges?: Privilege[];

  /** Why a user is kept, deleted or in conflict. */
  @IsOptional()
  @IsString()
  reason?: string;

  /** Everybody involved in a conflict, named. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  parties?: string[];
}

export class PlanCounts {
  @IsInt() @Min(0) create!: number;
  @IsInt() @Min(0) update!: number;
  @IsInt() @Min(0) rename!: number;
  @IsInt() @Min(0) delete!: number;
  @IsInt() @Min(0) keep!: number;
  @IsInt() @Min(0) conflict!: number;
  @IsInt() @Min(0) unchanged!: number;
}

/** What a plan is without its changes: enough to show it, check it and decide on it. */
export class PlanSummary {
  /**
   * A digest of the changes: a stored plan is applied only if planning again
   * gives the same digest (neither the directory nor the store moved).
   */
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

/** A whole plan, as the planner makes it; it travels only in pages (runs.plan-page.v1). */
export class SyncPlan extends PlanSummary {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedUserChange)
  changes!: PlannedUserChange[];
}

/** Counts of a plan with no change yet. */
export function emptyPlanCounts(unchanged = 0): PlanCounts {
  return { create: 0, update: 0, rename: 0, delete: 0, keep: 0, conflict: 0, unchanged };
}
