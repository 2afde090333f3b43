import { execFileSync } from 'node:child_process';
import { ALL_SERVICES, REPO_ROOT, serviceNodeOptions } from '@dirsync/testing';

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

  it('starts every service with the Node flags of infra/service-node-options', () => {
    const config = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const flags = serviceNodeOptions();
    expect(flags.length).toBeGreaterThan(0);
    // docker-compose 1.x prints YAML only: each list item on a line of its own.
    const entrypoint = ['    entrypoint:', ...['node', ...flags].map((word) => `    - ${word}`)];
    for (const service of ALL_SERVICES) {
      const block =
        new RegExp(`^  ${service}:\\n((?:    .*\\n|\\n)*)`, 'm').exec(config)?.[1] ?? '';
      expect(block).toContain(entrypoint.join('\n'));
    }
  });
});
