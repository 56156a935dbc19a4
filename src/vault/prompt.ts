import { openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ReadStream } from 'node:tty';
import { PlayError } from '../errors.js';

/**
 * Asks for a line on the terminal, by default without echoing it (passwords). Reads the
 * controlling terminal even when stdin is a pipe (like getpass), so
 * `cat secret | play vault encrypt_string` still prompts. The terminal is given back (cooked
 * mode, so Ctrl-C works again) after every answer; lines typed ahead are kept for the next prompt
 * (module-level, as the terminal they were typed on is the process's, not a run's).
 */
const typedAhead: string[] = [];

export async function promptLine(message: string, hidden = true): Promise<string> {
  const early = typedAhead.shift();
  if (early !== undefined) {
    process.stderr.write(`${message}\n`);
    return early;
  }
  const input = openTerminal();
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on('line', (line) => {
      if (answered) return void typedAhead.push(line);
      answered = true;
      if (hidden) process.stderr.write('\n');
      resolve(line);
      // Later lines of the same chunk arrive synchronously after this one; close once they have.
      setImmediate(() => rl.close());
    });
    rl.on('SIGINT', () => {
      if (!answered) reject(new PlayError('VAULT_PROMPT_ABORTED', 'vault password prompt interrupted'));
      answered = true;
      rl.close();
    });
    rl.on('close', () => {
      if (input !== process.stdin) input.destroy();
      if (!answered) reject(new PlayError('VAULT_PROMPT_ABORTED', 'end of input at the prompt', { hint: 'type the answer and press Enter' }));
      answered = true;
    });
    rl.setPrompt(message);
    rl.prompt();
    muted = hidden;
  });
}

function openTerminal(): NodeJS.ReadableStream & { destroy(): void } {
  if (process.stdin.isTTY) return process.stdin;
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    throw new PlayError('VAULT_NO_TTY', 'a vault password is needed but there is no terminal to ask on', {
      hint: 'pass --vault-password-file FILE or --vault-id LABEL@FILE (or set PLAY_VAULT_PASSWORD_FILE)',
    });
  }
}
