import type { DeletionThreshold } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

/**
 * Entra Connect's safety net: a run that would delete more than the
 * threshold (a count, or a share of the directory's users) is stopped, unless
 * an admin explicitly allowed it for this run. An outage or a bad filter
 * looks exactly like "everybody left".
 */
export function checkDeletionThreshold(
  deletions: number,
  directoryUsers: number,
  threshold: DeletionThreshold,
  allowMassDelete: boolean,
): void {
  if (allowMassDelete || deletions === 0) return;
  const base = directoryUsers + deletions;
  const percent = base === 0 ? 100 : (deletions * 100) / base;
  if (deletions > threshold.maxCount || percent > threshold.maxPercent) {
    throw new AppError(
      'deletion-threshold-exceeded',
      `the run would delete ${deletions} users (${percent.toFixed(1)}% of ${base}); the threshold is ` +
        `${threshold.maxCount} users or ${threshold.maxPercent}%. Nothing was changed. ` +
        'Check the directory and the filters, then re-run with allowMassDelete if this is intended.',
      { details: { deletions, percent, threshold } },
    );
  }
}
