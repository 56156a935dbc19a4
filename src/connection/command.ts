/**
 * Shell commands as data. This file is where values are quoted for a POSIX shell (with
 * util/shell-quote.ts's rule) and where secrets are masked for display: modules build commands
 * with `sh` and never concatenate user values into command strings themselves.
 */
import { quote } from '../util/shell-quote.js';

export type CommandPart = { raw: string } | { quote: string } | { secret: string };

export class ShellCommand {
  constructor(readonly parts: readonly CommandPart[]) {}

  /** The string that is sent to the target's /bin/sh. */
  render(): string {
    return this.parts.map((p) => ('raw' in p ? p.raw : quote('quote' in p ? p.quote : p.secret))).join('');
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
}

// Commands quote with the shared rule; re-exported so modules keep one import for `sh` and `quote`.
export { quote };

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
