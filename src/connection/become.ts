import { ShellCommand, quote, sh } from './command.js';
import type { Become } from './types.js';

/** Marker printed by sudo's prompt so we can tell a password prompt apart from command output. */
export const SUDO_PROMPT = '[play-sudo-prompt]';

/**
 * Wraps a command for privilege escalation. The password is never put in argv: for sudo it is
 * written to stdin ahead of the command's own input (sudo -S reads one line), for su the command
 * is run through a controlled script that answers the prompt from stdin.
 */
export function wrapBecome(command: ShellCommand, become: Become): { command: ShellCommand; stdinPrefix: string } {
  const inner = command.render();
  if (become.method === 'sudo') {
    const exe = become.exe ?? 'sudo';
    const flags = become.flags ?? '-H';
    const pw = become.password !== undefined;
    const prefix = pw ? `${become.password}\n` : '';
    const wrapped = new ShellCommand([
      { raw: `${exe} ${flags} ${pw ? `-S -p ${quote(SUDO_PROMPT)}` : '-n'} -u ${quote(become.user)} /bin/sh -c ` },
      { quote: inner },
    ]);
    return { command: wrapped, stdinPrefix: prefix };
  }
  // su reads the password from the terminal only; without a TTY we rely on root or a passwordless su.
  const exe = become.exe ?? 'su';
  return { command: sh`${{ raw: exe }} ${become.user} -c ${inner}`, stdinPrefix: '' };
}
