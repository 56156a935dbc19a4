import { randomBytes } from 'node:crypto';
import { ShellCommand, quote, rawCommand, sh } from './command.js';
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

/** What a transport sends for a command run with become, and how to answer sudo if it asks. */
export interface BecomeCommand {
  command: ShellCommand;
  /**
   * Set when sudo may ask for a password: the transport must feed stdout and stderr through a
   * SudoConversation with this password and marker, and hold the command's stdin back until
   * the conversation starts it.
   */
  sudo?: { password: string; marker: string } | undefined;
}

/**
 * The one way both transports escalate: with a sudo password, the command first prints a fresh
 * random marker line, which tells the transport that sudo is done and the command itself runs.
 */
export function becomeCommand(command: ShellCommand, become: Become): BecomeCommand {
  if (become.method !== 'sudo' || become.password === undefined) return { command: wrapBecome(command, become).command };
  const marker = `PLAY-BECOME-OK-${randomBytes(8).toString('hex')}`;
  const marked = rawCommand(`echo ${marker}; `).concat(command);
  return { command: wrapBecome(marked, become).command, sudo: { password: become.password, marker } };
}

/** sudo's prompt marker removed from what the command wrote to stderr. */
export function stripSudoPrompts(stderr: string): string {
  return stderr.split(SUDO_PROMPT).join('');
}
