/**
 * Every error the product raises on purpose is a PlayError: it carries a stable string code,
 * the exit code the CLI should use, where in the user's files it happened, and a hint.
 * Only the CLI's error boundary turns these into output and exit codes.
 */
export interface SourcePos {
  file: string;
  line?: number; // 1-based
  col?: number; // 1-based
}

export const ExitCode = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  unreachableOrParse: 4,
  badOptions: 5,
  interrupted: 99,
} as const;

export interface PlayErrorOptions {
  source?: SourcePos | undefined;
  hint?: string | undefined;
  cause?: unknown;
  exitCode?: number;
}

export class PlayError extends Error {
  readonly code: string;
  readonly source: SourcePos | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, opts: PlayErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PlayError';
    this.code = code;
    this.source = opts.source;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.error;
  }

  /** "file:line:col: message (hint)" — the one-line form used by every reporter. */
  describe(): string {
    const where = this.source ? `${formatPos(this.source)}: ` : '';
    const hint = this.hint ? `\n  hint: ${this.hint}` : '';
    return `${where}${this.message}${hint}`;
  }
}

/** A playbook, role, inventory or template the user wrote is wrong (exit 4, like Ansible's parser errors). */
export class ParseError extends PlayError {
  constructor(code: string, message: string, opts: PlayErrorOptions = {}) {
    super(code, message, { exitCode: ExitCode.unreachableOrParse, ...opts });
    this.name = 'ParseError';
  }
}

/** Bad command-line options (exit 5). */
export class OptionsError extends PlayError {
  constructor(message: string, opts: PlayErrorOptions = {}) {
    super('BAD_OPTIONS', message, { exitCode: ExitCode.badOptions, ...opts });
    this.name = 'OptionsError';
  }
}

/** A module refused or failed on a host: becomes a failed task result, not a crash. */
export class ModuleError extends PlayError {
  readonly result: Record<string, unknown>;
  constructor(message: string, result: Record<string, unknown> = {}, opts: PlayErrorOptions = {}) {
    super('MODULE_FAILED', message, opts);
    this.name = 'ModuleError';
    this.result = result;
  }
}

/** The host cannot be reached or the connection broke. */
export class UnreachableError extends PlayError {
  constructor(message: string, opts: PlayErrorOptions = {}) {
    super('UNREACHABLE', message, { exitCode: ExitCode.unreachableOrParse, ...opts });
    this.name = 'UnreachableError';
  }
}

export function formatPos(pos: SourcePos): string {
  let s = pos.file;
  if (pos.line !== undefined) s += `:${pos.line}`;
  if (pos.line !== undefined && pos.col !== undefined) s += `:${pos.col}`;
  return s;
}

export function errorMessage(err: unknown): string {
  if (err instanceof PlayError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}
