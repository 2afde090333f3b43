/**
 * What a user may do in the archive. Directory users get the settings'
 * default privileges when they are first created; later syncs keep whatever
 * an admin has granted since.
 */
export enum Privilege {
  LogOn = 'log-on',
  ReadOwnArchive = 'read-own-archive',
  ArchiveEmail = 'archive-email',
  ModifyArchiveFolders = 'modify-archive-folders',
  DeleteEmail = 'delete-email',
  ExportEmail = 'export-email',
  ChangePassword = 'change-password',
  /** May sign in to the admin console and change everything config-api's admin API changes. */
  AdministerDirectory = 'administer-directory',
}

export const ALL_PRIVILEGES: readonly Privilege[] = Object.values(Privilege);

/** The seed: synchronized users may log on and read their own archive. */
export const DEFAULT_PRIVILEGES: readonly Privilege[] = [Privilege.LogOn, Privilege.ReadOwnArchive];
