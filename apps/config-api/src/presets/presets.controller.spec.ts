import { PresetsController } from './presets.controller';

describe(PresetsController.name, () => {
  const sut = new PresetsController();

  it('answers a preset by its name', () => {
    expect(sut.get('openldap')).toMatchObject({ name: 'openldap' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nope'])(
    'answers 404 for %j, which is no preset',
    (name) => {
      expect(() => sut.get(name)).toThrow(
        expect.objectContaining({ status: 404, code: 'not-found' }),
      );
    },
  );
});
