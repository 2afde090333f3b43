import { AppError } from '@dirsync/service-kit';

/**
 * The AppError `work` rejects with. A test that expected a refusal fails if
 * `work` resolves; any other error is thrown again as it is.
 */
export async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error: unknown = await work.then(
    () => new Error('expected a refusal, got an answer'),
    (reason: unknown) => reason,
  );
  if (error instanceof AppError) return error;
  throw error;
}
