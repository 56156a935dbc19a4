import { PlayError } from '../errors.js';
import { quote } from '../util/shell-quote.js';

/**
 * Shell commands as data. This file is where values are quoted for a POSIX shell (with
 * util/shell-quote.ts's rule) and where secrets are masked for display: modules build commands
 * with `sh` and never concatenate user values into command strings themselves.
 */
export { quote };
export type CommandPart = { raw: string } | { quote: string } | { secret: string };

/**
 * The longest command a target runs. Every command travels as ONE argument of `sh -c` (sshd's,
 * the local transport's, sudo's), and Linux refuses a single argument of 128 KiB or more
 * (MAX_ARG_STRLEN, counting its NUL): the shell then fails with "Argument list too long", and
 * from about 256 KiB on sshd drops the whole connection. Large data goes on stdin instead.
 */
export const MAX_COMMAND_BYTES = 128 * 1024 - 1;

/**
 * A command that cannot be sent at all: a NUL byte (no C string, so no argv, can hold one — sshd
 * drops the connection), or more than MAX_COMMAND_BYTES. It fails the task that built it, and
 * nothing is sent, so the host stays reachable.
 */
export class UnsendableCommandError extends PlayError {
  constructor(message: string, hint: string) {
    super('UNSENDABLE_COMMAND', message, { hint });
    this.name = 'UnsendableCommandError';
  }
}

export class ShellCommand {
  constructor(readonly parts: readonly CommandPart[]) {}

  /** The string that is sent to the target's /bin/sh. Throws UnsendableCommandError if it cannot be sent. */
  render(): string {
    const text = this.parts.map((p) => ('raw' in p ? p.raw : quote('quote' in p ? p.quote : p.secret))).join('');
    this.assertSendable(text);
    return text;
  }

  /** The string shown to people: secrets replaced by ********. */
  display(): string {
    return this.parts.map((p) => ('raw' in p ? p.raw : 'quote' in p ? quote(p.quote) : '********')).join('');
  }

  toString(): string {
    return this.display();
  }

  concat(other: ShellCommand | string): ShellCommand {
    const tail = typeof other === 'string' ? [{ raw: other }] : other.parts;
    return new ShellCommand([...this.parts, ...tail]);
  }

  private assertSendable(text: string): void {
    if (text.includes('\0')) {
      const shown = this.display().replace(/\0/g, '\\0');
      throw new UnsendableCommandError(
        `a value contains a NUL byte, which no command can carry: ${shown.length > 160 ? `${shown.slice(0, 160)}…` : shown}`,
        'remove the NUL (\\0) from the path, argument or environment value',
      );
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_COMMAND_BYTES) {
      throw new UnsendableCommandError(
        `the command is ${bytes} bytes, more than the ${MAX_COMMAND_BYTES} a target accepts in one command: ${this.display().slice(0, 80)}…`,
        'pass large data on stdin (the stdin argument) or in a file (copy/template), not on the command line',
      );
    }
  }
}

/** Marks a value as secret inside an `sh` template: quoted when sent, masked when displayed. */
export function secret(value: string): { secret: string } {
  return { secret: value };
}

/** Inserts a trusted fragment verbatim (an operator, a redirection) inside an `sh` template. */
export function raw(value: string): { raw: string } {
  return { raw: value };
}

type Interpolated = string | number | ShellCommand | CommandPart | readonly (string | number)[];

/**
 * Tagged template: literal text is raw shell, every interpolated value is quoted.
 *   sh`test -e ${path} && cat ${path}`
 * Arrays become several quoted words; nested ShellCommands are inserted as they are.
 */
export function sh(strings: TemplateStringsArray, ...values: Interpolated[]): ShellCommand {
  const parts: CommandPart[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ raw: text });
    if (i >= values.length) return;
    const v = values[i] as Interpolated;
    if (v instanceof ShellCommand) parts.push(...v.parts);
    else if (Array.isArray(v)) v.forEach((w, j) => {
      if (j > 0) parts.push({ raw: ' ' });
      parts.push({ quote: String(w) });
    });
    else if (typeof v === 'object' && v !== null) parts.push(v as CommandPart);
    else parts.push({ quote: String(v) });
  });
  return new ShellCommand(parts);
}

export function rawCommand(text: string): ShellCommand {
  return new ShellCommand([{ raw: text }]);
}

/**
 * A program and its arguments run exactly as execve(2) with a PATH search would run them (the
 * command module, Ansible's argv): `exec` makes the shell look the name up in PATH only — never
 * as a shell function, builtin, keyword or assignment — and replaces itself with the program.
 * It must therefore be the last thing in the script, which every transport guarantees (the
 * environment, cd and become wrappers come before the command).
 *
 * A name starting with `-` is refused: dash's exec has no `--`, and bash's would take it as an
 * option of exec itself (`-a NAME` even runs another program).
 */
export function execArgv(argv: readonly string[]): ShellCommand {
  const [name] = argv;
  if (name === undefined) throw new PlayError('BAD_COMMAND', 'no command given');
  if (name.startsWith('-')) {
    throw new PlayError('BAD_COMMAND', `[Errno 2] No such file or directory: '${name}' (a program name cannot start with "-")`);
  }
  return sh`exec ${argv}`;
}
