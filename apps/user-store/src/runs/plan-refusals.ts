import { AppError } from '@dirsync/service-kit';

/** Why a step of a run's plan was refused; every refusal changes nothing. */
export const planRefusals = {
  complete: (runId: string) =>
    new AppError(
      'plan-incomplete',
      `the plan of run ${runId} is complete already: no page is added`,
    ),

  incomplete: (runId: string, expected: number, staged: number, positions: number) =>
    new AppError(
      'plan-incomplete',
      `the plan of run ${runId} counts ${expected} changes at ${positions} positions but ${staged} arrived: it is not complete`,
    ),

  linesMissing: (runId: string, positions: readonly number[]) =>
    new AppError(
      'plan-incomplete',
      `the plan of run ${runId} has no staged line at position ${positions.slice(0, 10).join(', ')}${positions.length > 10 ? ` and ${positions.length - 10} more` : ''}`,
    ),

  notComplete: (runId: string) =>
    new AppError(
      'plan-incomplete',
      `run ${runId} has no complete plan to apply: nothing was applied`,
    ),
};
