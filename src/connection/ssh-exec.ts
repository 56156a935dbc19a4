import { constants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import { PlayError } from '../errors.js';
import { stripSudoPrompts } from './become.js';
import { SudoConversation } from './sudo-conversation.js';
import type { ExecResult } from './types.js';

/**
 * Drives one exec channel: feeds stdin, collects stdout/stderr as bytes, maps the exit status to
 * an rc, enforces the timeout, and — when sudo needs a password — answers its prompt through the
 * same SudoConversation as the local transport (the password once, for sudo's one prompt).
 */
export interface ChannelRun {
  stdin?: Buffer | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  sudo?: { password: string; marker: string; label: string } | undefined;
  /** The command first prints `<pidMarker><pid>` on stderr: its process group, for killing it. */
  pidMarker?: string | undefined;
  /** Kills a process group on the target (through a second channel). */
  killGroup?: ((pgid: number) => void) | undefined;
}

/** How long a stopped command may take to close its channel before we stop waiting for it. */
const CLOSE_GRACE_MS = 2000;

export function runChannel(channel: ClientChannel, run: ChannelRun): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let exitCode: number | undefined;
    let exitSignal: string | undefined;
    let timedOut = false;
    let failure: unknown;
    let pgid: number | undefined;
    let pidScan = '';
    let settled = false;

    const stop = (): void => {
      sendKill(channel);
      if (pgid !== undefined) run.killGroup?.(pgid);
      channel.close();
      setTimeout(finish, CLOSE_GRACE_MS).unref();
    };
    const timer = run.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      stop();
    }, run.timeoutMs);
    const onAbort = (): void => {
      failure = run.signal?.reason ?? new Error('aborted');
      stop();
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });

    const sendInput = (): void => {
      channel.on('error', () => undefined); // the command may exit without reading its input
      channel.end(run.stdin);
    };

    const sudoAnswer = run.sudo;
    const sudo =
      sudoAnswer === undefined
        ? undefined
        : new SudoConversation(
            {
              writePassword: () => void channel.write(`${sudoAnswer.password}\n`),
              startInput: sendInput,
              output: (chunk) => out.push(chunk),
              wrongPassword: () => {
                failure = new PlayError('BECOME_FAILED', `${sudoAnswer.label}: incorrect sudo password`, {
                  hint: 'check ansible_become_password / --ask-become-pass',
                });
                stop();
              },
            },
            sudoAnswer.marker,
          );

    channel.on('data', (chunk: Buffer) => (sudo ? sudo.stdout(chunk) : void out.push(chunk)));
    channel.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      if (run.pidMarker !== undefined && pgid === undefined && pidScan.length < 4096) {
        pidScan += chunk.toString('latin1');
        const m = new RegExp(`${run.pidMarker}(\\d+)\n`).exec(pidScan);
        if (m) pgid = Number(m[1]);
      }
      sudo?.stderr(chunk);
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      if (typeof code === 'number') exitCode = code;
      else if (signal) exitSignal = signal;
    });
    function finish(): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) return reject(failure);
      const stdoutBytes = Buffer.concat(out);
      let stderr = stripSudoPrompts(Buffer.concat(err).toString('utf8'));
      if (run.pidMarker !== undefined) stderr = stderr.replace(new RegExp(`${run.pidMarker}\\d+\n`), '');
      resolve({ rc: timedOut ? 124 : rcOf(exitCode, exitSignal), stdout: stdoutBytes.toString('utf8'), stderr, stdoutBytes });
    }
    // ssh2 hands the exit status to 'close' as well; with a fast command the 'exit' event can
    // come after 'close' (or not at all), so take it from whichever carries it
    channel.on('close', (code?: unknown, signal?: unknown) => {
      if (exitCode === undefined && exitSignal === undefined) {
        if (typeof code === 'number') exitCode = code;
        else if (typeof signal === 'string') exitSignal = signal;
      }
      finish();
    });
    if (!sudo) sendInput();
  });
}

/**
 * Asks sshd to SIGKILL the command's process group; closing the channel alone leaves the command
 * running until it finishes. ssh2's `channel.signal()` silently does nothing once stdin was
 * ended — which it always is here — so the request goes to the protocol object directly.
 */
function sendKill(channel: ClientChannel): void {
  const internals = channel as unknown as {
    _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
    outgoing?: { id?: number; state?: string };
  };
  const protocol = internals._client?._protocol;
  const id = internals.outgoing?.id;
  const state = internals.outgoing?.state;
  if ((state !== 'open' && state !== 'eof') || id === undefined || typeof protocol?.signal !== 'function') return;
  try {
    protocol.signal(id, 'KILL');
  } catch {
    // the transport is already gone; closing the channel is all that is left
  }
}

/** A signal-killed command reports 128 + the signal's number, like a POSIX shell. */
function rcOf(code: number | undefined, signal: string | undefined): number {
  if (code !== undefined) return code;
  if (signal !== undefined) {
    const name = signal.startsWith('SIG') ? signal : `SIG${signal}`;
    const n = (constants.signals as Record<string, number | undefined>)[name];
    return 128 + (n ?? 0);
  }
  return 255; // no exit status at all: what OpenSSH's client reports too
}
