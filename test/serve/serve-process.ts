import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'play.js');

/** A `play serve` child process, its address and its token (read from what it prints). */
export interface Served {
  child: ChildProcess;
  url: string;
  token: string | undefined;
  stdout(): string;
  /** Stops it (SIGTERM unless told) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  post(route: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  get<T>(route: string): Promise<T>;
}

export async function startServe(cwd: string, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const tick = setInterval(() => {
      const m = /play serve: (http:\/\/\S+\/)/.exec(out);
      // the token line comes right after the address
      if (m?.[1] && /action token/.test(out) && out.endsWith('\n')) {
        clearInterval(tick);
        resolve(m[1]);
      } else if (child.exitCode !== null) {
        clearInterval(tick);
        reject(new Error(`play serve exited ${child.exitCode}: ${err}`));
      }
    }, 50);
  });
  const token = /#token=([\w-]+)/.exec(out)?.[1];
  return {
    child,
    url,
    token,
    stdout: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    async post(route, body = {}, headers = {}) {
      const r = await fetch(new URL(route, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    },
    async get<T>(route: string) {
      const r = await fetch(new URL(route, url));
      return (await r.json()) as T;
    },
  };
}
