import { ShellCommand, quote, sh } from './command.js';
import type { Become } from './types.js';

/** Marker printed by sudo's prompt so we can tell a password prompt apart from command output. */
export const SUDO_PROMPT = '[play-sudo-prompt]';

/**
 * Wraps a command for privilege escalation. The password is never put in argv: with a password,
 * sudo reads it from stdin (-S) when it prompts with our marker, and the transports answer that
 * prompt through SudoConversation; without one, sudo must not ask (-n).
 */
export function wrapBecome(command: ShellCommand, become: Become): { command: ShellCommand } {
  const inner = command.render();
  if (become.method === 'sudo') {
    const exe = become.exe ?? 'sudo';
    const flags = become.flags ?? '-H';
    const pw = become.password !== undefined;
    const wrapped = new ShellCommand([
      { raw: `${exe} ${flags} ${pw ? `-S -p ${quote(SUDO_PROMPT)}` : '-n'} -u ${quote(become.user)} /bin/sh -c ` },
      { quote: inner },
    ]);
    return { command: wrapped };
  }
  // su reads the password from the terminal only; without a TTY we rely on root or a passwordless su.
  const exe = become.exe ?? 'su';
  return { command: sh`${{ raw: exe }} ${become.user} -c ${inner}` };
}

/**
 * The sudo password exchange, driven by sudo's prompt: the password is written only when the
 * marker prompt appears on stderr, and the command's own stdin only once the command has printed
 * `marker` on stdout (so it really started). A sudo that does not ask never receives the password
 * as input; a second prompt means a wrong password and the command is stopped.
 */
export class SudoConversation {
  private pending = true;
  private prompts = 0;
  private head = Buffer.alloc(0);
  private tail = '';

  constructor(
    private readonly io: { writePassword(): void; startInput(): void; output(chunk: Buffer): void; wrongPassword(): void },
    private readonly marker: string,
  ) {}

  /** Feed stdout chunks through this. */
  stdout(chunk: Buffer): void {
    if (!this.pending) return this.io.output(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const line = Buffer.from(`${this.marker}\n`);
    const at = this.head.indexOf(line);
    if (at < 0) return;
    this.pending = false;
    this.io.output(this.head.subarray(at + line.length));
    this.io.startInput();
  }

  /** Feed stderr chunks through this (it only watches for prompts). */
  stderr(chunk: Buffer): void {
    if (!this.pending) return;
    const text = this.tail + chunk.toString('latin1');
    let from = 0;
    for (let i = text.indexOf(SUDO_PROMPT); i >= 0; i = text.indexOf(SUDO_PROMPT, from)) {
      this.prompts++;
      from = i + SUDO_PROMPT.length;
      if (this.prompts === 1) this.io.writePassword();
      else return this.io.wrongPassword();
    }
    this.tail = text.slice(Math.max(from, text.length - SUDO_PROMPT.length + 1));
  }
}

/** sudo's prompt marker removed from what the command wrote to stderr. */
export function stripSudoPrompts(stderr: string): string {
  return stderr.split(SUDO_PROMPT).join('');
}
