import type { StoredUser, VerifyOutcome } from '@dirsync/contracts';

export type RefusalOutcome = Exclude<VerifyOutcome, 'success'>;

/** The precise result of checking one user's password; the HTTP sign-in decides how much of it to tell. */
export type Verification =
  | { outcome: 'success'; user: StoredUser; dn: string }
  | { outcome: RefusalOutcome; message: string; user?: StoredUser };

/** What the directory said about a bind as the user. */
export type DirectoryVerdict =
  | { outcome: 'success'; dn: string }
  | {
      outcome: Extract<
        RefusalOutcome,
        | 'invalid-credentials'
        | AccountRefusal
        | 'identity-mismatch'
        | 'user-not-found'
        | 'directory-unreachable'
        | 'tls-error'
        | 'directory-error'
      >;
      message: string;
    };

/** Active Directory refused the bind for a state of the account it named. */
export type AccountRefusal = Extract<
  RefusalOutcome,
  | 'account-disabled'
  | 'account-locked'
  | 'account-expired'
  | 'password-expired'
  | 'password-must-change'
  | 'logon-hours-restricted'
  | 'workstation-restricted'
>;

export type DirectoryFailure = Exclude<DirectoryVerdict, { outcome: 'success' }>;

export function refused(outcome: RefusalOutcome, message: string, user?: StoredUser): Verification {
  return user ? { outcome, message, user } : { outcome, message };
}
