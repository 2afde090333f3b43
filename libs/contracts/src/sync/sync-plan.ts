import { Type } from 'class-transformer';
import {
  Allow,
  ArrayNotEmpty,
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

/** The order a plan lists its lines in: by action so, then by user name. */
export const PLAN_ACTION_ORDER: readonly PlanAction[] = [
  'conflict',
  'delete',
  'create',
  'rename',
  'update',
  'keep',
];

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

/** What every line of a plan has: its action and the user name it is about. */
export abstract class PlannedChangeBase {
  @IsIn(PLAN_ACTIONS)
  action!: PlanAction;

  /** The user name the change is about (the new one for a rename). */
  @IsString()
  userName!: string;
}

/** A directory user the store does not hold yet. */
export class PlannedCreate extends PlannedChangeBase {
  declare action: 'create';

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => DirectoryUser)
  directoryUser!: DirectoryUser;

  /** The privileges the new user starts with (the settings' defaults). */
  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];
}

/** A stored user whose directory fields changed; `rename` when its name or DN did. */
export class PlannedUpdate extends PlannedChangeBase {
  declare action: 'update' | 'rename';

  /** The store's id of the user. */
  @IsString()
  userId!: string;

  /** The directory's state of the user. */
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => DirectoryUser)
  directoryUser!: DirectoryUser;

  /** Each changed field with old and new value (at least one). */
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  fieldChanges!: FieldChange[];
}

export class PlannedRename extends PlannedUpdate {
  declare action: 'rename';
}

/** A stored directory user the directory no longer shows: deleted (automatic deletion) or kept. */
export class PlannedRemoval extends PlannedChangeBase {
  declare action: 'delete' | 'keep';

  @IsString()
  userId!: string;

  @IsIn(KEEP_REASONS)
  reason!: KeepReason;
}

export class PlannedDelete extends PlannedRemoval {
  declare action: 'delete';
}

export class PlannedKeep extends PlannedRemoval {
  declare action: 'keep';
}

/** A change the plan refuses to make, with why and everybody involved. */
export class PlannedConflict extends PlannedChangeBase {
  declare action: 'conflict';

  /** The stored user concerned, when there is one. */
  @IsOptional()
  @IsString()
  userId?: string;

  @IsString()
  reason!: string;

  @IsArray()
  @IsString({ each: true })
  parties!: string[];
}

/** One line of a plan: what a sync would do (or did) to one user, shaped by its action. */
export type PlannedUserChange =
  | PlannedCreate
  | (PlannedUpdate & { action: 'update' })
  | PlannedRename
  | PlannedDelete
  | PlannedKeep
  | PlannedConflict;

/** The lines that change the store. */
export type AppliedUserChange = Extract<
  PlannedUserChange,
  { action: 'create' | 'update' | 'rename' | 'delete' }
>;

/**
 * class-transformer's @Type options for a list of plan lines: each line is
 * validated as the class of its action (an unknown action fails on the
 * base class's `action`).
 */
export const PLANNED_CHANGE_TYPE = {
  discriminator: {
    property: 'action',
    subTypes: [
      { name: 'create', value: PlannedCreate },
      { name: 'update', value: PlannedUpdate },
      { name: 'rename', value: PlannedRename },
      { name: 'delete', value: PlannedDelete },
      { name: 'keep', value: PlannedKeep },
      { name: 'conflict', value: PlannedConflict },
    ],
  },
  keepDiscriminatorProperty: true,
};

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

/** A whole plan, as the planner makes it; it travels only in pages (runs.plan-page.v2). */
export class SyncPlan extends PlanSummary {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedChangeBase, PLANNED_CHANGE_TYPE)
  changes!: PlannedUserChange[];
}

/** Counts of a plan with no change yet. */
export function emptyPlanCounts(unchanged = 0): PlanCounts {
  return { create: 0, update: 0, rename: 0, delete: 0, keep: 0, conflict: 0, unchanged };
}
