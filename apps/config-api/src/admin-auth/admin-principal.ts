/** Who is calling the admin API. */
export interface AdminPrincipal {
  /** For audit records: `bootstrap-admin` or `token:<name>`. */
  actor: string;
  isAdmin: boolean;
}

export const MONITORING_ROUTE = 'dirsync:monitoring-route';
