import type { z } from 'zod';
import type { ShellCommand } from '../connection/command.js';
import type { Connection, ExecResult } from '../connection/types.js';
import type { FileState, FileStatArgs } from '../facts/file.js';
import type { Fact, FactAccess } from '../facts/types.js';
import type { ArgAliases, ArgConstraints } from './arg-spec.js';

/** Ansible's diff shape; the reporter turns before/after into a unified diff. */
export interface FileDiff {
  path: string;
  before: string;
  after: string;
  /** Values that must never be shown (passwords): the reporter masks them in both texts. */
  secrets?: readonly string[] | undefined;
}

/**
 * What an applied change does to the world, so later tasks of the same run see it even in
 * check mode (exact check mode): a file written, removed or re-moded, or any fact's new value.
 */
export type Effect =
  | { kind: 'file'; path: string; state: FileState }
  | { kind: 'fact'; key: string; value: unknown };

/** How a change is carried out. Only the executor runs these, and never in check mode. */
export type Apply =
  | {
      kind: 'exec';
      command: ShellCommand;
      stdin?: string | Buffer | undefined;
      /** Exit codes that count as success (default [0]). */
      okCodes?: readonly number[] | undefined;
      /** Copy rc/stdout/stderr(+_lines) of this command into the task result (command/shell). */
      captureOutput?: boolean | undefined;
      /** With captureOutput: stdout/stderr exactly as printed (script's), not without their last newline. */
      keepNewline?: boolean | undefined;
      /** The result's `cmd` (default: the command as shown): command's is its argv, as Ansible's. */
      shownCmd?: readonly string[] | undefined;
      timeoutMs?: number | undefined;
      cwd?: string | undefined;
      /**
       * Result fields the command reports, one per stdout line in this order (tempfile's `path`,
       * a download's checksum): values only the run itself can know.
       */
      resultFields?: readonly string[] | undefined;
      /** Of resultFields, those that are whole numbers (a uid, a gid). */
      intFields?: readonly string[] | undefined;
      /** On failure: the task's msg (Ansible's, "chattr failed"), the command's output its `details`. */
      failMessage?: string | undefined;
    }
  | { kind: 'put'; path: string; content: Buffer; mode?: number | undefined }
  | { kind: 'controller'; step: ControllerStep };

/**
 * Work the controller does itself, named and described by data so that a plan stays data
 * (`--plan-json` prints it). The executor owns the implementations (executor/controller-steps.ts).
 */
export type ControllerStep =
  | {
      /**
       * async: start `launch` (async-job.ts) as a background job on the target; with pollS > 0
       * read its status every pollS seconds until it finishes or limitS seconds have passed.
       */
      name: 'async_job';
      launch: ShellCommand;
      stdin: string | Buffer | undefined;
      limitS: number;
      pollS: number;
    }
  | {
      /** fetch: read `src` from the target, check its sha1, write it atomically to `dest` here. */
      name: 'fetch_file';
      src: string;
      dest: string;
      /** The sha1 the target reported while planning; a transfer that differs fails. */
      checksum: string | undefined;
    }
  | {
      /** uri: an HTTP request that changes something (not GET/HEAD). */
      name: 'http_request';
      request: HttpRequestSpec;
    }
  | {
      /** pause: wait here for a time, or for the operator's Enter when there is a terminal. */
      name: 'pause';
      seconds: number | undefined;
      /** What its stdout counts in: seconds when `seconds:` was given, else minutes (Ansible's). */
      unit: 'seconds' | 'minutes';
      prompt: string | undefined;
      echo: boolean;
    }
  | {
      /** wait_for_connection: retry a trivial command over the task's connection until it answers. */
      name: 'wait_for_connection';
      connectTimeoutS: number;
      delayS: number;
      sleepS: number;
      timeoutS: number;
    }
  | {
      /** reboot: restart the host, then wait until it answers with a new boot id. */
      name: 'reboot';
      rebootCommand: string;
      bootTimeCommand: string;
      testCommand: string;
      preDelayS: number;
      postDelayS: number;
      timeoutS: number;
      connectTimeoutS: number;
    }
  | {
      /** spa_phone: serve a profile with `changes`, have the phone resync from it, wait for it. */
      name: 'spa_resync';
      host: string;
      port: number;
      adminPassword: string | undefined;
      changes: Readonly<Record<string, string>>;
      serveAddress: string;
      profileAuth: boolean;
      reboot: boolean;
      timeoutS: number;
    };

/** An HTTP request as uri's arguments describe it (what it sends and which answers are success). */
export interface HttpRequestSpec {
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  /** The encoded body, as text (uri's bodies are text: raw, JSON or form-urlencoded). */
  body: string | undefined;
  statusCodes: readonly number[];
  returnContent: boolean;
  username: string | undefined;
  password: string | undefined;
  forceBasicAuth: boolean;
  timeoutS: number;
  validateCerts: boolean;
  followRedirects: 'none' | 'safe' | 'all';
}

/** A file a change leaves on the host whose content the plan holds (--render writes it). */
export interface LeftFile {
  path: string;
  content: Buffer;
  mode?: number | undefined;
}

export interface Change {
  /** One line for -v output: "write /etc/asterisk/iax.conf", "service asterisk start". */
  describe: string;
  apply: Apply;
  effects?: readonly Effect[] | undefined;
  /**
   * Files the change leaves that are neither a `put` nor a file effect with content: the
   * definition libvirt stores for a domain, the profile a phone loads. What `--render` writes
   * for the change besides its written files.
   */
  leaves?: readonly LeftFile[] | undefined;
}

export interface Plan {
  /** Empty ⇒ the host is already as wanted ("ok"). */
  changes: readonly Change[];
  diffs?: readonly FileDiff[] | undefined;
  /** Return fields as Ansible's (dest, checksum, state, …): what `register` sees. */
  result?: Record<string, unknown> | undefined;
  msg?: string | undefined;
  /** Force the changed flag (e.g. command modules that always report changed). */
  changed?: boolean | undefined;
  /** The module decided to skip (command with creates= that exists): status "skipped". */
  skipped?: boolean | undefined;
  /** The result is the point of the task (assert without quiet): shown without -v, as Ansible does. */
  show?: boolean | undefined;
  /** The returned ansible_facts are also the host's facts, kept in the fact cache (set_fact's `cacheable`). */
  cacheableFacts?: boolean | undefined;
}

export interface HostInfo {
  name: string;
  /** All variables visible to the task (templated lazily by the executor). */
  vars: Readonly<Record<string, unknown>>;
}

/**
 * Everything a module may use while planning. There is deliberately no `check` flag: check mode
 * is the executor not applying the plan. Reads go through a per-host view that already
 * contains the effects of earlier changes of this run.
 */
export interface ModuleContext {
  readonly host: HostInfo;
  readonly diff: boolean;
  /**
   * Nothing may be asked (`--offline`, `--render`): facts and probes give their offline answers,
   * a fresh host's. Modules that only observe over time (wait_for) report instead of waiting.
   */
  readonly offline: boolean;
  /** The run's verbosity (the count of -v): debug's `verbosity:` threshold. */
  readonly verbosity: number;
  /** The connection, for modules that only read (probes). Undefined for controller-only hosts. */
  readonly connection: Connection | undefined;
  /** A fact, cached for the run; `access`: what a controller fact's read needs (a password). */
  fact<A, T>(fact: Fact<A, T>, args: A, access?: FactAccess): Promise<T>;
  /** stat (+sha1) of a path, as the run has left it so far. */
  stat(path: string, opts?: Omit<FileStatArgs, 'path'>): Promise<FileState>;
  /** Content of a remote file as the run has left it so far; null when missing. */
  readFile(path: string): Promise<Buffer | null>;
  /**
   * The target's umask for this task's user: a file the task creates without `mode:` gets 0666
   * less it, a directory 0777 less it (as with Ansible), and check mode predicts exactly that.
   */
  umask(): Promise<number>;
  /**
   * A read-only command whose result is not cached (probes with no simulated state). `offline`
   * is the answer assumed when nothing may be asked (`--offline`, `--render`): what a fresh host
   * would say.
   */
  probe(command: ShellCommand, opts: { stdin?: string | Buffer; offline: ProbeAnswer }): Promise<ExecResult>;
  /** Resolve a controller file by Ansible's search rules: kind 'files' | 'templates'. */
  findLocal(kind: 'files' | 'templates' | 'vars', name: string): Promise<string>;
  readLocal(path: string): Promise<Buffer>;
  /** Render a template file (path from findLocal) with the task's variables and Jinja settings. */
  renderTemplate(path: string, settings?: TemplateSettings): Promise<string>;
  /** Render an inline template string with the task's variables. */
  renderString(text: string): string;
  /** Evaluate a bare Jinja expression ("result.rc == 0") with the task's variables. */
  evaluate(expr: string): unknown;
  /** A condition read as `when:` reads it (assert's `that`): the one rule, Templar.isTrue. */
  isTrue(cond: string): boolean;
  warn(message: string): void;
}

/** The template module's Jinja settings (unset: Ansible's defaults). */
export interface TemplateSettings {
  trimBlocks?: boolean | undefined;
  lstripBlocks?: boolean | undefined;
  blockStart?: string | undefined;
  blockEnd?: string | undefined;
  variableStart?: string | undefined;
  variableEnd?: string | undefined;
  commentStart?: string | undefined;
  commentEnd?: string | undefined;
  /** Written for the template's own line breaks: "\n", "\r" or "\r\n". */
  newline?: string | undefined;
}

/** A probe's assumed answer on a fresh host. */
export interface ProbeAnswer {
  rc: number;
  stdout?: string | undefined;
}

export interface ModuleDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** Argument schema: validation, types and docs from one source. */
  args: S;
  /** Other names of arguments (Ansible's `aliases`), rewritten to the canonical name before validation. */
  aliases?: ArgAliases | undefined;
  /** Ansible's mutually_exclusive, required_one_of, required_together, required_if, required_by. */
  constraints?: ArgConstraints | undefined;
  /** Modules whose free-form text ("command: ls -l") lands in `_raw_params`. */
  freeForm?: boolean | undefined;
  /** Runs on the controller only (debug, set_fact, assert…): no connection is opened for it. */
  controllerOnly?: boolean | undefined;
  /**
   * Talks to the network from the controller itself (HTTP devices, URLs): never run under
   * `--render`, which must contact nothing.
   */
  contactsNetwork?: boolean | undefined;
  /**
   * Its arguments become variables (set_fact): they are rendered keeping their unsafe marks
   * (template/unsafe.ts), and its result is stored as rendered. Every other module's result is
   * output from a target: stored unsafe, never to be templated.
   */
  definesVariables?: boolean | undefined;
  /** Arguments that are bare expressions (assert's `that`, debug's `var`): not templated beforehand. */
  rawArgs?: readonly string[] | undefined;
  /** Secret argument names: masked in output and diffs. */
  secretArgs?: readonly string[] | undefined;
  /**
   * What `--diff` shows for this module ("file content", "path state"…); absent: it reports no
   * diff. docs/modules.md states it and the lab matrix test holds every module to it.
   */
  diff?: string | undefined;
  /**
   * Check mode, when it is more than "plans and predicts the real run exactly": read-only
   * modules that run as usual, commands that are reported instead of run.
   */
  checkMode?: string | undefined;
  /**
   * Arguments naming the remote paths the module inspects while planning (stat + sha1, and the
   * content when `content` is set). A hint only: the executor may read them ahead, several
   * tasks' paths in one round trip; the module's own reads then hit the host's cache.
   */
  remotePaths?: { args: readonly string[]; content?: boolean | undefined } | undefined;
  /**
   * The facts the plan will read, from its validated arguments (sysctl: the key's live value). A
   * hint only: for a loop, the executor reads every item's facts side by side before the first
   * item plans; each item's plan then finds its fact in the host's cache.
   */
  remoteFacts?: ((args: z.output<S>) => readonly FactRead[]) | undefined;
  plan(args: z.output<S>, ctx: ModuleContext): Promise<Plan>;
}

/** A fact with its arguments, as a read-ahead hint names it (remoteFacts). */
export interface FactRead {
  readonly fact: Fact<unknown, unknown>;
  readonly args: unknown;
}

export function factRead<A, T>(fact: Fact<A, T>, args: A): FactRead {
  // the pair stays consistent: the fact is only ever read with these arguments
  return { fact: fact as unknown as Fact<unknown, unknown>, args };
}

export function defineModule<S extends z.ZodType>(def: ModuleDefinition<S>): ModuleDefinition<S> {
  return def;
}
