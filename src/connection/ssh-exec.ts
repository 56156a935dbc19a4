import { constants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import { PlayError } from '../errors.js';
import { SUDO_PROMPT } from './become.js';
import type { ExecResult } from './types.js';

/**
 * Drives one exec channel: feeds stdin, collects stdout/stderr as bytes, maps the exit status to
 * an rc, enforces the timeout, and — when sudo needs a password — answers its prompt.
 *
 * The sudo conversation follows the prompt instead of blindly prefixing stdin: the password is
 * written only when sudo's marker prompt appears on stderr, and the command's own stdin only after
 * the wrapped command has printed `becomeMarker` on stdout. So a sudo that does not ask (NOPASSWD,
 * cached credentials) never receives the password as the command's input, and a wrong password
 * (a second prompt) ends the command at once instead of sudo eating the stdin as more guesses.
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
    let sudoPending = run.sudo !== undefined;
    let beforeMarker = Buffer.alloc(0);
    let promptsSeen = 0;
    let stderrTail = '';
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

    channel.on('data', (chunk: Buffer) => {
      if (!sudoPending) return void out.push(chunk);
      beforeMarker = Buffer.concat([beforeMarker, chunk]);
      const markerLine = Buffer.from(`${run.sudo?.marker}\n`);
      const at = beforeMarker.indexOf(markerLine);
      if (at < 0) return;
      sudoPending = false;
      out.push(beforeMarker.subarray(at + markerLine.length));
      sendInput();
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      if (run.pidMarker !== undefined && pgid === undefined && pidScan.length < 4096) {
        pidScan += chunk.toString('latin1');
        const m = new RegExp(`${run.pidMarker}(\\d+)\n`).exec(pidScan);
        if (m) pgid = Number(m[1]);
      }
      if (!sudoPending || run.sudo === undefined) return;
      // Count prompts across chunk boundaries: keep a tail as long as the marker.
      const text = stderrTail + chunk.toString('latin1');
      let from = 0;
      for (let i = text.indexOf(SUDO_PROMPT); i >= 0; i = text.indexOf(SUDO_PROMPT, from)) {
        promptsSeen++;
        from = i + SUDO_PROMPT.length;
      }
      stderrTail = text.slice(Math.max(from, text.length - SUDO_PROMPT.length + 1));
      if (promptsSeen === 1) channel.write(`${run.sudo.password}\n`);
      if (promptsSeen > 1) {
        failure = new PlayError('BECOME_FAILED', `${run.sudo.label}: incorrect sudo password`, {
          hint: 'check ansible_become_password / --ask-become-pass',
        });
        stop();
      }
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
      let stderr = stripSudoPrompt(Buffer.concat(err).toString('utf8'));
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
    if (!sudoPending) sendInput();
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

function stripSudoPrompt(stderr: string): string {
  return stderr.split(SUDO_PROMPT).join('');
}
