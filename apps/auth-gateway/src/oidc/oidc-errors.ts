import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { AppError } from '@dirsync/service-kit';

/**
 * openid-client's failures as AppErrors. Validation failures (state, nonce,
 * issuer, audience, signature, expiry, a replayed code) are 401s naming what
 * failed; the provider being down or answering nonsense is a 503.
 */
export function toOidcAppError(error: unknown, step: 'discovery' | 'code exchange'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AuthorizationResponseError) {
    return new AppError(
      'oidc-provider-refused',
      `AD FS refused the sign-in: ${describeOAuthError(error)}`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ResponseBodyError) {
    if (error.status >= 500) return unavailable(step, error);
    return new AppError(
      'oidc-code-rejected',
      `AD FS rejected the authorization code: ${describeOAuthError(error)}`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ClientError && !isTransport(error)) {
    if (step === 'discovery') {
      return new AppError('adfs-misconfigured', `AD FS discovery failed: ${reason(error)}`, {
        cause: error,
      });
    }
    return new AppError(
      'oidc-validation-failed',
      `the AD FS answer failed validation: ${reason(error)}`,
      {
        cause: error,
      },
    );
  }
  return unavailable(step, error);
}

function unavailable(step: string, error: unknown): AppError {
  return new AppError('identity-provider-unavailable', `AD FS could not be reached (${step})`, {
    cause: error,
  });
}

/** Network failures, timeouts and non-OAuth HTTP answers: the provider, not the sign-in, is the problem. */
function isTransport(error: ClientError): boolean {
  return (
    error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_RESPONSE_IS_NOT_JSON'
  );
}

/** openid-client wraps oauth4webapi's precise message ("unexpected JWT "nonce" claim value") in `cause`. */
function reason(error: ClientError): string {
  const cause = error.cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}

function describeOAuthError(error: {
  error: string;
  error_description?: string | undefined;
}): string {
  return error.error_description ? `${error.error} (${error.error_description})` : error.error;
}
