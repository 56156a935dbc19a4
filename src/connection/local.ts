import { spawn } from 'node:child_process';
import { wrapBecome } from './become.js';
import type { ShellCommand } from './command.js';
import { getViaExec, putViaExec } from './transfer.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/** Runs commands on the controller itself (`ansible_connection: local`, implicit localhost). */
export class LocalConnection implements Connection {
  readonly kind = 'local';
  readonly label = 'local';

  exec(command: ShellCommand, opts: ExecOptions = {}): Promise<ExecResult> {
    let cmd = command;
    let stdinPrefix = '';
    if (opts.become && !isSameUser(opts.become)) ({ command: cmd, stdinPrefix } = wrapBecome(command, opts.become));
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', cmd.render()], {
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: opts.signal,
        detached: opts.timeoutMs !== undefined,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer =
        opts.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              try {
                if (child.pid) process.kill(-child.pid, 'SIGKILL');
              } catch {
                child.kill('SIGKILL');
              }
            }, opts.timeoutMs);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const stdoutBytes = Buffer.concat(out);
        resolve({
          rc: timedOut ? 124 : (code ?? (signal ? 128 + 9 : 1)),
          stdout: stdoutBytes.toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          stdoutBytes,
        });
      });
      child.stdin.on('error', () => undefined); // the command may exit without reading its input
      const input = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin);
      if (stdinPrefix) child.stdin.write(stdinPrefix);
      child.stdin.end(input);
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

function isSameUser(become: Become): boolean {
  const uid = process.getuid?.();
  return become.user === 'root' && uid === 0;
}
