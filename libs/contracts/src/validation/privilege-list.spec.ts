import { validateSync } from 'class-validator';
import { IsPrivilegeList } from './privilege-list';

class Granted {
  @IsPrivilegeList()
  privileges!: unknown;
}

const problemsOf = (privileges: unknown) =>
  validateSync(Object.assign(new Granted(), { privileges })).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

describe(IsPrivilegeList.name, () => {
  it.each([
    ['none', []],
    ['one', ['log-on']],
    ['every privilege', ['log-on', 'read-own-archive', 'archive-email', 'administer-directory']],
  ])('accepts %s', (_, privileges) => {
    expect(problemsOf(privileges)).toEqual([]);
  });

  it('names the value that is not a privilege, and lists the catalogue', () => {
    expect(problemsOf(['log-on', 'root'])).toEqual([
      expect.stringMatching(
        /^privileges: "root" is not a privilege; the privileges are log-on, read-own-archive, .*administer-directory$/,
      ),
    ]);
  });

  it('names at most three wrong values, with how many there are', () => {
    const [message] = problemsOf(Array.from({ length: 1000 }, (_, i) => `p${i}`));
    expect(message).toMatch(/^privileges: "p0", "p1", "p2", … \(1000 in all\) are not privileges;/);
    expect(message?.length).toBeLessThan(300);
  });

  it('refuses a privilege listed twice', () => {
    expect(problemsOf(['log-on', 'log-on'])).toEqual([
      'privileges must not list a privilege twice',
    ]);
  });

  it('refuses what is not a list without further noise', () => {
    expect(problemsOf('log-on')).toEqual(['privileges must be an array']);
  });
});
