import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { PlayError } from '../errors.js';
import { becomeCommand, stripSudoPrompts, type BecomeCommand } from './become.js';
import type { ShellCommand } from './command.js';
import { SudoConversation } from './sudo-conversation.js';
import { getViaExec, putViaExec } from './transfer.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/** Runs commands on the controller itself (`ansible_connection: local`, implicit localhost). */
export class LocalConnection implements Connection {
  readonly kind = 'local';
  readonly label = 'local';

  async exec(command: ShellCommand, opts: ExecOptions = {}): Promise<ExecResult> {
    const { command: cmd, sudo: sudoAnswer }: BecomeCommand =
      opts.become && !isSameUser(opts.become) ? becomeCommand(command, opts.become) : { command };
    const script = cmd.render();
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', script], {
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: opts.signal,
        detached: opts.timeoutMs !== undefined,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      let failure: PlayError | undefined;
      const kill = (): void => {
        try {
          if (child.pid && opts.timeoutMs !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer =
        opts.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              kill();
            }, opts.timeoutMs);
      const input = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin);
      const startInput = (): void => void child.stdin.end(input);
      const sudo =
        sudoAnswer === undefined
          ? undefined
          : new SudoConversation(
              {
                writePassword: () => child.stdin.write(`${sudoAnswer.password}\n`),
                startInput,
                output: (chunk) => out.push(chunk),
                wrongPassword: () => {
                  failure = new PlayError('BECOME_FAILED', `${this.label}: incorrect sudo password`, { hint: 'check ansible_become_password' });
                  kill();
                },
              },
              sudoAnswer.marker,
            );
      child.stdout.on('data', (b: Buffer) => (sudo ? sudo.stdout(b) : out.push(b)));
      child.stderr.on('data', (b: Buffer) => {
        err.push(b);
        sudo?.stderr(b);
      });
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (failure) return reject(failure);
        const stdoutBytes = Buffer.concat(out);
        resolve({
          rc: timedOut ? 124 : (code ?? rcOfSignal(signal)),
          stdout: stdoutBytes.toString('utf8'),
          stderr: stripSudoPrompts(Buffer.concat(err).toString('utf8')),
          stdoutBytes,
        });
      });
      child.stdin.on('error', () => undefined); // the command may exit without reading its input
      if (!sudo) startInput();
    });
  }

  put(content: Buffer, dest: string, opts: PutOptions = {}): Promise<void> {
    return putViaExec(this, content, dest, opts);
  }

  get(path: string, opts: { become?: Become | undefined } = {}): Promise<Buffer> {
    return getViaExec(this, path, opts.become);
  }

  async close(): Promise<void> {}
}

/** A signal-killed command reports 128 + the signal's number, like a POSIX shell (and the SSH transport). */
function rcOfSignal(signal: NodeJS.Signals | null): number {
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}

function isSameUser(become: Become): boolean {
  const uid = process.getuid?.();
  return become.user === 'root' && uid === 0;
}
