import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '@dirsync/testing';

describe('docker-compose.yml', () => {
  it('is a valid compose file describing the whole stack', () => {
    const config = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const service of [
      'postgres',
      'rabbitmq',
      'openldap',
      'config-api',
      'directory-reader',
      'sync-planner',
      'user-store',
      'auth-gateway',
    ]) {
      expect(config).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
  });
});
