import type { LoggerService } from '@nestjs/common';

/** Keeps every log line (messages and objects, errors with their causes) as text, to search it. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(...args: unknown[]) {
    this.keep(args);
  }
  error(...args: unknown[]) {
    this.keep(args);
  }
  warn(...args: unknown[]) {
    this.keep(args);
  }
  debug(...args: unknown[]) {
    this.keep(args);
  }
  verbose(...args: unknown[]) {
    this.keep(args);
  }
  fatal(...args: unknown[]) {
    this.keep(args);
  }

  text(): string {
    return this.lines.join('\n');
  }

  private keep(args: unknown[]) {
    this.lines.push(args.map(describe).join(' '));
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    return `${value.name}: ${value.message} ${JSON.stringify(value)} ${value.cause === undefined ? '' : describe(value.cause)}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_key, inner: unknown) =>
      inner instanceof Error ? describe(inner) : inner,
    );
  } catch {
    return String(value);
  }
}
