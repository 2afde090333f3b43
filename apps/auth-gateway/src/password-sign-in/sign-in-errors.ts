import { AppError } from '@dirsync/service-kit';
import { PASSWORD_SIGN_IN_UNAVAILABLE } from '../verification/password-verifier.service';

/**
 * The answers a password sign-in can end with. `invalidCredentials` is one
 * answer for every reason a person could use to probe for user names.
 */
export const signInErrors = {
  invalidCredentials: () => new AppError('invalid-credentials', 'invalid user name or password'),
  emptyPassword: () => new AppError('empty-password', 'the password must not be empty'),
  directoryUnavailable: () =>
    new AppError(
      'directory-unavailable',
      'the directory cannot verify passwords right now; try again later',
    ),
  passwordSignInUnavailable: () =>
    new AppError('password-sign-in-unavailable', PASSWORD_SIGN_IN_UNAVAILABLE),
  logOnNotPermitted: () =>
    new AppError('log-on-not-permitted', 'this user does not have the privilege to log on'),
};
