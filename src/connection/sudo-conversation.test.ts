import { describe, expect, it } from 'vitest';
import { SUDO_PROMPT } from './become.js';
import { SudoConversation } from './sudo-conversation.js';

const MARKER = 'PLAY-BECOME-OK-0123456789abcdef';

/** A conversation whose transport records what it was asked to do, in order. */
function recorded() {
  const calls: string[] = [];
  const output: Buffer[] = [];
  const conversation = new SudoConversation(
    {
      writePassword: () => calls.push('password'),
      startInput: () => calls.push('input'),
      output: (chunk) => output.push(chunk),
      wrongPassword: () => calls.push('wrong'),
    },
    MARKER,
  );
  return { conversation, calls, output: () => Buffer.concat(output).toString() };
}

const b = (s: string): Buffer => Buffer.from(s);

describe('SudoConversation', () => {
  it('writes the password once for one prompt, whatever sudo or PAM prints afterwards', () => {
    const { conversation, calls } = recorded();
    conversation.stderr(b(SUDO_PROMPT));
    for (const chunk of ['Warning: your password will expire in 3 days\n', 'pam_unix: about to expire\n', '\n', 'x']) conversation.stderr(b(chunk));
    conversation.stdout(b(`${MARKER}\n`));
    expect(calls).toEqual(['password', 'input']);
  });

  it('finds a prompt split across chunks, and counts it once', () => {
    const { conversation, calls } = recorded();
    const half = Math.floor(SUDO_PROMPT.length / 2);
    conversation.stderr(b(`notice\n${SUDO_PROMPT.slice(0, half)}`));
    conversation.stderr(b(SUDO_PROMPT.slice(half)));
    conversation.stderr(b(SUDO_PROMPT.slice(half))); // the same tail again is not a new prompt
    expect(calls).toEqual(['password']);
  });

  it('reports a second prompt as a wrong password, once, and never writes the password again', () => {
    const { conversation, calls } = recorded();
    conversation.stderr(b(SUDO_PROMPT));
    conversation.stderr(b(`Sorry, try again.\n${SUDO_PROMPT}`));
    conversation.stderr(b(SUDO_PROMPT));
    expect(calls).toEqual(['password', 'wrong']);
  });

  it('treats two prompts in one chunk as a refused password', () => {
    const { conversation, calls } = recorded();
    conversation.stderr(b(`${SUDO_PROMPT}Sorry, try again.\n${SUDO_PROMPT}`));
    expect(calls).toEqual(['password', 'wrong']);
  });

  it('never writes the password when sudo does not ask', () => {
    const { conversation, calls, output } = recorded();
    conversation.stderr(b('sudo: a lecture, but no prompt\n'));
    conversation.stdout(b(`${MARKER}\nhello`));
    conversation.stdout(b(' world\n'));
    expect(calls).toEqual(['input']);
    expect(output()).toBe('hello world\n');
  });

  it('hides what comes before the marker and ignores prompts the command itself prints', () => {
    const { conversation, calls, output } = recorded();
    conversation.stderr(b(SUDO_PROMPT));
    conversation.stdout(b(`motd noise\n${MARKER.slice(0, 5)}`));
    conversation.stdout(b(`${MARKER.slice(5)}\nout`));
    conversation.stderr(b(`${SUDO_PROMPT}${SUDO_PROMPT}`));
    expect(calls).toEqual(['password', 'input']);
    expect(output()).toBe('out');
  });
});
