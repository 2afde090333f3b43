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
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  PLAN_ACTIONS,
  type PlanAction,
  PlannedChangeBase,
  PLANNED_CHANGE_TYPE,
  type PlannedUserChange,
  PlanSummary,
} from '../sync/sync-plan';
import type { Privilege } from '../settings/privilege';
import {
  NonEmptyStringColumn,
  PrivilegeListColumn,
  StringListColumn,
  StringOrNullColumn,
} from '../validation/column-items';
import { LeasedRunStep } from './run-lease-steps';

/** The most changes in a plan page, on the wire and in the admin API. */
export const PLAN_PAGE_SIZE = 1_000;

/** The most staged lines one `runs.plan-complete.v2` withdraws. */
export const MAX_WITHDRAWN_LINES = 1_000_000;

/**
 * A plan page's create lines, column by column: item i of every column
 * belongs to the create line at place `at[i]` of the page (places strictly
 * increasing). A first sync's pages are all creates, and a page of 1,000 as
 * one object per line (PlannedCreate) was ≈ 300 KB of JSON to write, read
 * and check object by object; as columns it is about half, with one array
 * check per column. A create line's directory user name is its user name.
 */
export class PlanPageCreates {
  @IsArray()
  @ArrayMaxSize(PLAN_PAGE_SIZE)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @ColumnsOfItsLength()
  at!: number[];

  @NonEmptyStringColumn()
  userName!: string[];

  @NonEmptyStringColumn()
  externalId!: string[];

  @NonEmptyStringColumn()
  dn!: string[];

  @StringOrNullColumn()
  fullName!: (string | null)[];

  @StringListColumn()
  emailAddresses!: string[][];

  @PrivilegeListColumn()
  privileges!: Privilege[][];
}

/** The columns of PlanPageCreates besides `at`: each holds one item per create line. */
export const PLAN_PAGE_CREATE_COLUMNS = [
  'userName',
  'externalId',
  'dn',
  'fullName',
  'emailAddresses',
  'privileges',
] as const satisfies readonly (keyof PlanPageCreates)[];

/** `at` strictly increasing, and every column as long as it (checked on PlanPageCreates.at). */
function ColumnsOfItsLength(): PropertyDecorator {
  return ValidateBy({
    name: 'columnsOfItsLength',
    validator: {
      validate: (at: unknown, { object }: ValidationArguments) => {
        if (!Array.isArray(at)) return true;
        const columns = object as Record<string, unknown>;
        return (
          at.every((place, i) => i === 0 || (at[i - 1] as number) < (place as number)) &&
          PLAN_PAGE_CREATE_COLUMNS.every((name) => {
            const column = columns[name];
            return !Array.isArray(column) || column.length === at.length;
          })
        );
      },
      defaultMessage: () =>
        `at must name places in increasing order, and each column have one item per place`,
    },
  });
}

/** The page's places the create columns name are within the page: one line at each place 0 … n − 1. */
function FitsThePage(): PropertyDecorator {
  return ValidateBy({
    name: 'fitsThePage',
    validator: {
      validate: (creates: unknown, { object }: ValidationArguments) => {
        const at = (creates as Partial<PlanPageCreates> | undefined)?.at;
        const changes = (object as Partial<StagePlanPageCommand>).changes;
        if (!Array.isArray(at) || !Array.isArray(changes)) return true;
        const lines = at.length + changes.length;
        return (
          lines <= PLAN_PAGE_SIZE && (at.length === 0 || (at[at.length - 1] as number) < lines)
        );
      },
      defaultMessage: () =>
        `creates and changes must together fill places 0 … n − 1 of the page, at most ${PLAN_PAGE_SIZE} lines`,
    },
  });
}

/**
 * sync-planner → user-store: one page of a run's plan, staged beside the
 * run where it will be applied: its line at place i at position first + i.
 * Pages hold consecutive positions, at most PLAN_PAGE_SIZE lines, and may
 * come while the directory is still read (the lines made so far, also
 * fewer than a page's worth); the plan counts only once
 * `runs.plan-complete.v2` says how many positions its lines took. The
 * page's create lines come as columns (`creates`, at the places they name),
 * every other line in `changes`, in order, at the places left (planPageOf,
 * linesOfPlanPage). (v1 numbered pages, each at sequence × PLAN_PAGE_SIZE,
 * and carried every line in `changes`, a create line as an object.)
 */
export class StagePlanPageCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.plan-page.v2' as const;

  /** The position of the page's first line. */
  @IsInt()
  @Min(0)
  first!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => PlanPageCreates)
  @FitsThePage()
  creates?: PlanPageCreates;

  /** The page's other lines: no create line (those are `creates`). */
  @IsArray()
  @ArrayMaxSize(PLAN_PAGE_SIZE)
  @ValidateNested({ each: true })
  @Type(() => PlannedChangeBase, PLANNED_CHANGE_TYPE)
  @NoCreateLines()
  changes!: Exclude<PlannedUserChange, { action: 'create' }>[];
}

/** A page's create lines travel as its columns only (StagePlanPageCommand.creates). */
function NoCreateLines(): PropertyDecorator {
  return ValidateBy({
    name: 'noCreateLines',
    validator: {
      validate: (changes: unknown) =>
        !Array.isArray(changes) ||
        changes.every((line) => (line as { action?: unknown } | null)?.action !== 'create'),
      defaultMessage: () => `changes must hold no create line: create lines go in creates`,
    },
  });
}

/**
 * sync-planner → user-store: every page was sent. The ledger withdraws the
 * staged lines the finished plan dropped (a line staged while the directory
 * was read, then found to name an entry the reader saw twice, or to bring
 * an address another line takes), then checks that every line the summary
 * counts arrived.
 */
export class CompletePlanCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.plan-complete.v2' as const;

  /** How many positions the plan's lines took: every staged line is below it. (v1 said how many pages.) */
  @IsInt()
  @Min(0)
  lines!: number;

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
