import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AppError } from './app-error';
import { strictValidationPipe } from './validation.pipe';

class Credentials {
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  @Matches(/\S/, { message: 'userName must not be blank' })
  userName!: string;

  @IsString()
  @MaxLength(32)
  password!: string;
}

class Address {
  @IsString()
  street!: string;
}

class Person {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  age?: number;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

class Trimmed {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  name!: string;
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'body',
  metatype,
});

/** What the pipe did with a value: the instance it gave the controller, or the problems it answered. */
async function outcome(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata) {
  try {
    const result: unknown = await pipe.transform(value, metadata);
    return { instance: result?.constructor?.name, value: { ...(result as object) } };
  } catch (error) {
    const { code, message, details } = error as AppError;
    return { code, message, details };
  }
}

/**
 * The strict pipe answers exactly as Nest's ValidationPipe with the same
 * options, whichever of its two paths a body takes.
 */
describe(strictValidationPipe.name, () => {
  const sut = strictValidationPipe();
  const reference = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (
      sut as unknown as { exceptionFactory: ValidationPipe['createExceptionFactory'] }
    ).exceptionFactory,
  });

  it.each<[string, ArgumentMetadata['metatype'], unknown]>([
    ['valid credentials', Credentials, { userName: 'jdoe', password: 'secret' }],
    ['an empty password', Credentials, { userName: 'jdoe', password: '' }],
    ['an unknown field', Credentials, { userName: 'jdoe', password: 'x', admin: true }],
    ['a missing field', Credentials, { userName: 'jdoe' }],
    ['a blank name', Credentials, { userName: '   ', password: 'x' }],
    ['a name too long', Credentials, { userName: 'x'.repeat(17), password: 'x' }],
    ['a name of the wrong type', Credentials, { userName: ['jdoe'], password: 'x' }],
    ['a nested object', Person, { name: 'A', address: { street: 'S' } }],
    [
      'a nested object with an unknown field',
      Person,
      { name: 'A', address: { street: 'S', x: 1 } },
    ],
    ['a nested object missing', Person, { name: 'A', age: 3 }],
    ['a transformed field', Trimmed, { name: '  ab  ' }],
    ['a transformed field refused', Trimmed, { name: ' a ' }],
  ])('answers %s as ValidationPipe does', async (_, metatype, value) => {
    const expected = await outcome(reference, structuredClone(value), body(metatype));

    expect(await outcome(sut, structuredClone(value), body(metatype))).toEqual(expected);
  });

  it('refuses with a 400 invalid-request naming each problem', async () => {
    expect(
      await outcome(sut, { userName: 'jdoe', password: 'x', admin: true }, body(Credentials)),
    ).toEqual({
      code: 'invalid-request',
      message: 'invalid request: admin',
      details: [{ field: 'admin', message: 'property admin should not exist' }],
    });
  });

  it('gives a flat body as an instance of its class with the fields ValidationPipe gives', async () => {
    const value = { userName: 'jdoe', password: 'secret' };
    const expected = await reference.transform(structuredClone(value), body(Credentials));

    const credentials = await sut.transform(structuredClone(value), body(Credentials));

    expect(credentials).toBeInstanceOf(Credentials);
    expect({ ...(credentials as Credentials) }).toEqual({ ...(expected as Credentials) });
  });

  it('gives the controller an instance of the class, nested classes included', async () => {
    const person = await sut.transform({ name: 'A', address: { street: 'S' } }, body(Person));

    expect(person).toBeInstanceOf(Person);
    expect((person as Person).address).toBeInstanceOf(Address);
  });
});
