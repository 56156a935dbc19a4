import type { ShellCommand } from '../connection/command.js';
import type { ExecResult } from '../connection/types.js';

/**
 * A fact is one shell command plus a pure parser (pyinfra's model). The parser is fixture-tested
 * against recorded output; the executor caches results per host by `factKey(fact, args)`.
 */
export interface Fact<A, T> {
  readonly name: string;
  command(args: A): ShellCommand;
  parse(result: ExecResult, args: A): T;
  /** Run with the task's become (needed to read root-only files). Default true. */
  readonly become?: boolean;
}

export function factKey<A>(fact: Fact<A, unknown>, args: A): string {
  return `${fact.name}:${stableJson(args)}`;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}
