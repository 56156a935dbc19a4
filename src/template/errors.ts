/**
 * Template errors. Inside a render, helpers throw the small internal errors below (they carry the
 * template position known at compile time); the Templar turns them into ParseErrors at its boundary,
 * where it knows whether the text came from a file or from a task.
 */
import { ParseError } from '../errors.js';
import type { PlayErrorOptions } from '../errors.js';

/** A variable or attribute that does not exist was used where Jinja2 (strict, as in Ansible) fails. */
export class UndefinedVariableError extends ParseError {
  readonly variable: string;
  constructor(variable: string, message: string, opts: PlayErrorOptions = {}) {
    super('TEMPLATE_UNDEFINED_VAR', message, opts);
    this.name = 'UndefinedVariableError';
    this.variable = variable;
  }
}

/** The template text itself cannot be parsed (or names a filter/test that does not exist). */
export class TemplateSyntaxError extends ParseError {
  constructor(message: string, opts: PlayErrorOptions = {}) {
    super('TEMPLATE_SYNTAX', message, opts);
    this.name = 'TemplateSyntaxError';
  }
}

/** Rendering failed for another reason: a type error, a failed `mandatory`, bad filter arguments. */
export class TemplateRenderError extends ParseError {
  constructor(message: string, opts: PlayErrorOptions = {}) {
    super('TEMPLATE_ERROR', message, opts);
    this.name = 'TemplateRenderError';
  }
}

/** Thrown by a strict lookup during a render; `line`/`col` are 1-based positions in the template. */
export class UndefinedLookup extends Error {
  constructor(
    readonly variable: string,
    readonly line: number | undefined,
    readonly col: number | undefined,
  ) {
    super(`'${variable}' is undefined`);
    this.name = 'UndefinedLookup';
  }
}

/** Thrown by filters, tests and operators for errors the user caused (Python's TypeError/ValueError). */
export class JinjaError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'JinjaError';
  }
}

/** Walks an error's `cause` chain (nunjucks wraps errors thrown inside compiled templates). */
export function findCause<T>(err: unknown, guard: (e: unknown) => e is T): T | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 20 && cur !== undefined && cur !== null; depth++) {
    if (guard(cur)) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A variable's value refers back to itself (`a: "{{ b }}"`, `b: "{{ a }}"`). */
export class TemplateRecursionError extends ParseError {
  constructor(variable: string, opts: PlayErrorOptions = {}) {
    super('TEMPLATE_RECURSION', `recursive loop detected in template for variable ${variable}`, opts);
    this.name = 'TemplateRecursionError';
  }
}
