import type { PrivilegeName } from '../api/types';

/** Every privilege with the words of the seed's "Users, Folders and Settings"; typed so none is missed. */
export const PRIVILEGE_LABELS: Record<PrivilegeName, string> = {
  'log-on': 'Log on',
  'read-own-archive': 'Read own archive',
  'archive-email': 'Archive E-mail',
  'modify-archive-folders': 'Modify archive folders',
  'delete-email': 'Delete E-mail',
  'export-email': 'Export E-mail',
  'change-password': 'Change password',
  'administer-directory': 'Administer directory (admin console)',
};

export const PRIVILEGES = Object.keys(PRIVILEGE_LABELS) as PrivilegeName[];
