import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HostWorld } from '../../src/executor/host-world.js';
import { runnerFor } from '../../src/executor/module-context.js';
import type { ModuleContext } from '../../src/modules/types.js';
import { digestAuthorization, parseAuthHeader } from '../../src/util/http-auth.js';
import { startSpa303Emulator, type ResyncOutcome, type Spa303Emulator, type Spa303EmulatorOptions } from '../../src/spa303/emulator.js';

/** An emulator on a random 127.0.0.1 port with a throwaway state file, and resync bookkeeping. */
export interface TestPhone {
  emu: Spa303Emulator;
  dir: string;
  statePath: string;
  port: number;
  /** Resolves with the next resync outcome. */
  nextResync(): Promise<ResyncOutcome>;
  outcomes: ResyncOutcome[];
  stop(): Promise<void>;
}

export async function startTestPhone(opts: Spa303EmulatorOptions = {}, dir?: string): Promise<TestPhone> {
  const stateDir = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'spa303-test-')));
  const statePath = path.join(stateDir, 'state.json');
  const outcomes: ResyncOutcome[] = [];
  let waiters: ((o: ResyncOutcome) => void)[] = [];
  const emu = await startSpa303Emulator({
    resyncDelayMs: 20,
    rebootMs: 300,
    statePath,
    ...opts,
    onResync: (o) => {
      outcomes.push(o);
      const w = waiters;
      waiters = [];
      for (const fn of w) fn(o);
    },
  });
  return {
    emu,
    dir: stateDir,
    statePath,
    port: Number(new URL(emu.url).port),
    outcomes,
    nextResync: () => new Promise((resolve) => waiters.push(resolve)),
    async stop() {
      await emu.close();
      if (!dir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** GET with an optional Digest answer computed for `password` (one challenge round). */
export async function digestGet(url: string, password?: string, uriOverride?: string): Promise<Response> {
  const first = await fetch(url);
  if (first.status !== 401 || password === undefined) return first;
  const challenge = parseAuthHeader(first.headers.get('www-authenticate') ?? '').params;
  const u = new URL(url);
  const authorization = digestAuthorization(
    { realm: challenge.realm ?? '', nonce: challenge.nonce ?? '', qop: challenge.qop, algorithm: challenge.algorithm },
    { method: 'GET', uri: uriOverride ?? u.pathname + u.search, username: 'admin', password },
  );
  return fetch(url, { headers: { authorization } });
}

/**
 * A ModuleContext for an `ansible_connection: http` host: no connection, facts through the
 * executor's real HostWorld (so recorded effects behave as in a run), everything else unused.
 */
export function httpHostContext(vars: Record<string, unknown>, world = new HostWorld()): ModuleContext & { world: HostWorld; warnings: string[] } {
  const warnings: string[] = [];
  const run = runnerFor({ connection: undefined, become: undefined, env: undefined, host: 'phone' });
  const unused = (): never => {
    throw new Error('spa_phone must not use this');
  };
  return {
    world,
    warnings,
    host: { name: 'phone', vars },
    diff: true,
    verbosity: 0,
    offline: world.isOffline,
    connection: undefined,
    fact: (fact, args, access) => world.fact(fact, args, run, access),
    stat: unused,
    readFile: unused,
    umask: unused,
    probe: unused,
    findLocal: unused,
    readLocal: unused,
    renderTemplate: unused,
    renderString: unused,
    evaluate: unused,
    isTrue: unused,
    warn: (m) => void warnings.push(m),
  };
}
