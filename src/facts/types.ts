import type { ShellCommand } from '../connection/command.js';
import type { ExecResult } from '../connection/types.js';

/**
 * What a run without a connection (`--offline`, `--render DIR`) is given about a host: its
 * `play_offline_facts` variable. Every other fact answers from its own `offline()`.
 */
export interface OfflineGiven {
  facts: Readonly<Record<string, unknown>>;
}

/**
 * When an applied change makes a cached value stale (check mode never does: there the plan's
 * effects are the truth).
 * - `files`: the value is read from files (a stat that follows links): any applied change to a
 *   file, or a change with wider effects, drops it.
 * - `state` (default): only a change with unknown effects drops it, or an effect naming it.
 * - `run`: read once per run (gathered facts): kept until the run ends or facts are gathered again.
 */
export type FactLifetime = 'files' | 'state' | 'run';

interface FactCommon<A, T> {
  readonly name: string;
  /**
   * The answer when nothing may be asked (`--offline`, `--render`): what the plan of a fresh
   * host assumes, so that every file a real run would write to it is written. Pure, like parse.
   */
  offline(args: A, given: OfflineGiven): T;
  readonly lifetime?: FactLifetime;
}

/**
 * A fact read from a target: one shell command plus a pure parser (pyinfra's model). The parser
 * is fixture-tested against recorded output; the executor caches results per host by
 * `factKey(fact, args)`.
 */
export interface ShellFact<A, T> extends FactCommon<A, T> {
  command(args: A): ShellCommand;
  parse(result: ExecResult, args: A): T;
  /** false: run as the login user even when the task has become (reads that need no root). */
  readonly become?: boolean;
}

/**
 * A fact the controller reads itself, from a device without a shell (a phone's web server).
 * `access` carries what the read needs but must not be part of the fact's identity (a password).
 */
export interface ControllerFact<A, T> extends FactCommon<A, T> {
  read(args: A, access: FactAccess): Promise<T>;
}

export interface FactAccess {
  password?: string | undefined;
  /** How long the read may wait for a busy device, in seconds. */
  timeoutS?: number | undefined;
}

export type Fact<A, T> = ShellFact<A, T> | ControllerFact<A, T>;

export function isControllerFact<A, T>(fact: Fact<A, T>): fact is ControllerFact<A, T> {
  return 'read' in fact;
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
