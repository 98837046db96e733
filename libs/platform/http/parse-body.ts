import type { PipeTransform } from '@nestjs/common';
import { validateObject } from '@ledger/contracts';
import type { FieldError } from '@ledger/kernel';
import { invalidRequest } from './request-errors';

/** Reads an untrusted body into a value, or names every problem by its JSON path. */
export type BodyParser<T> = (input: unknown) => { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * The one way request bodies are validated: `@Body(new ParseBody(parser))`. The parser (a domain
 * function, or `dtoParser` for a DTO of field rules) names every problem; a refusal is a 400 with
 * all of them, before the handler runs.
 */
export class ParseBody<T> implements PipeTransform<unknown, T> {
  constructor(private readonly parse: BodyParser<T>) {}

  transform(body: unknown): T {
    const parsed = this.parse(body);
    if (!parsed.ok) throw invalidRequest(parsed.errors);
    return parsed.value;
  }
}

/** A DTO of field rules as a body parser (unknown fields refused). */
export function dtoParser<T extends object>(dto: new () => T): BodyParser<T> {
  return (input) => validateObject(dto, input);
}
