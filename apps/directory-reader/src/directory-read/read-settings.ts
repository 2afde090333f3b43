import type { DirectorySettings } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { fillMemberPlaceholder, MEMBER_PLACEHOLDER, parseLdapFilter } from '@dirsync/ldap';

/** When no user filter is configured: every entry (those without a user name are skipped). */
export const DEFAULT_USER_FILTER = '(objectClass=*)';

/**
 * Checks the filters before anything is sent, so the error names the setting
 * and the position instead of a server's terse refusal.
 */
export function checkReadSettings(settings: DirectorySettings): void {
  checkFilter('user filter', settings.users.filter?.trim() || DEFAULT_USER_FILTER);
  checkFilter('group filter', settings.groups.filter);
  const template = settings.groups.memberSearchFilter?.trim();
  if (template) {
    if (!template.includes(MEMBER_PLACEHOLDER)) {
      throw new AppError(
        'invalid-settings',
        `the member search filter ${template} has no ${MEMBER_PLACEHOLDER} placeholder`,
      );
    }
    checkFilter('member search filter', fillMemberPlaceholder(template, 'member'));
  }
}

function checkFilter(setting: string, filter: string) {
  const parsed = parseLdapFilter(filter);
  if (!parsed.ok) {
    throw new AppError(
      'ldap-filter-rejected',
      `the ${setting} ${filter} is invalid at position ${parsed.position}: ${parsed.message}`,
      { details: { setting, position: parsed.position } },
    );
  }
}
