import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { measure, runIn, type Command, type Sample } from './measure.js';
import { alternate } from './stats.js';

/** Running a scenario's variants (play, Ansible default, Ansible tuned) alternately. */

export type Tool = 'play' | 'ansible-default' | 'ansible-tuned';

export interface Variant {
  tool: Tool;
  command: Command;
}

export interface ScenarioResult {
  id: number;
  title: string;
  hosts: number;
  tasksPerHost: number;
  samples: Partial<Record<Tool, Sample[]>>;
  /** Round trips per host-task, counted in one extra run per tool. */
  roundTrips: Partial<Record<Tool, number>>;
  /** play's own time (wall minus the target's Asterisk reloads), per run. */
  playOwn?: number[];
  /** Where play's time went in the counting run (from its round-trip trace). */
  phases?: Phases;
  /** Scenario 4: \`play exec … -m ping\` on the same hosts — start, connect and one command each: the floor under any run. */
  floor?: Sample[];
  /** Scenario 6: the same measurement at several host counts. */
  scale?: ScalePoint[];
  notes: string[];
}

/** One host count of scenario 6: its samples per tool. */
export interface ScalePoint {
  hosts: number;
  samples: Partial<Record<Tool, Sample[]>>;
}

export interface Env {
  repo: string;
  dir: string;
  runs: number;
  /** Runs of the many-host scenario. */
  runsAtScale: number;
  /** Default Ansible runs only up to this many hosts (minutes per run beyond). */
  ansibleDefaultUpTo: number;
  progress(line: string): void;
  /** Ansible's ssh/sftp/scp wrappers that count invocations. */
  counting: { env: Record<string, string>; log: string };
}

/** `node bin/play.js run …` with --json (the recap has the round trips). */
export function playRun(env: Env, args: string[], cwd = env.dir, extraEnv: Record<string, string> = {}): Command {
  return { argv: [process.execPath, path.join(env.repo, 'bin', 'play.js'), 'run', ...args, '--json'], cwd, env: extraEnv };
}

export function ansibleRun(env: Env, tuned: boolean, hosts: number, args: string[]): Command {
  const base: Record<string, string> = {
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_LIBRARY: path.join(env.dir, 'library'),
    ANSIBLE_ROLES_PATH: path.join(env.dir, 'roles'),
    // the lab inventory's secrets are vault files: the same demo-only password play.config.yml names
    ANSIBLE_VAULT_PASSWORD_FILE: path.join(env.repo, 'inventory', 'DEMO-ONLY.vault-password'),
  };
  const tuning: Record<string, string> = tuned
    ? { ANSIBLE_PIPELINING: 'True', ANSIBLE_FORKS: String(hosts), ANSIBLE_GATHERING: 'explicit', ANSIBLE_SSH_ARGS: '-C -o ControlMaster=auto -o ControlPersist=60s' }
    : {};
  return { argv: ['ansible-playbook', ...args], cwd: env.dir, env: { ...base, ...tuning } };
}

/** Throws with the output's tail when a run failed: a failed run is no measurement. */
export function checkRun(s: Sample, what: string): void {
  if (s.code !== 0) throw new Error(`${what} failed (exit ${s.code}):\n${(s.stdout + s.stderr).split('\n').slice(-25).join('\n')}`);
}

/** play --json output → round trips (sum over hosts) and changed results. */
export function playJson(stdout: string): { roundTrips: number; changed: number; failed: number } {
  let roundTrips = 0;
  let changed = 0;
  let failed = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as { event: string; status?: string; round_trips?: Record<string, number> };
    if (e.event === 'result' && e.status === 'changed') changed++;
    if (e.event === 'result' && e.status === 'failed') failed++;
    if (e.event === 'recap') roundTrips = Object.values(e.round_trips ?? {}).reduce((a, b) => a + b, 0);
  }
  return { roundTrips, changed, failed };
}

/** Ansible's SSH invocations during one run (through the counting wrappers). */
export async function countAnsibleRoundTrips(env: Env, cmd: Command): Promise<number> {
  await rm(env.counting.log, { force: true });
  const s = await measure({ ...cmd, env: { ...(cmd.env ?? {}), ...env.counting.env } });
  checkRun(s, `${cmd.argv.join(' ')} (counting round trips)`);
  return (await readFile(env.counting.log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

/**
 * Runs the variants A B A B … `runs` times; `prepare` runs (untimed) before every run, e.g. to
 * undo the previous converge.
 */
export async function runAlternating(env: Env, result: ScenarioResult, variants: readonly Variant[], prepare?: () => Promise<void>): Promise<void> {
  const order = alternate(0, undefined, env.runs).flatMap(() => variants.map((_, i) => i));
  for (const [n, i] of order.entries()) {
    const v = variants[i] as Variant;
    if (prepare) await prepare();
    const s = await measure(v.command);
    checkRun(s, `scenario ${result.id} ${v.tool}`);
    (result.samples[v.tool] ??= []).push(s);
    env.progress(`scenario ${result.id}: ${v.tool} run ${Math.floor(n / variants.length) + 1}: ${s.wall.toFixed(2)} s, ${s.rssMb.toFixed(0)} MB`);
  }
}

/** A command run for its effect (resetting targets), not measured. */
export async function runQuiet(cmd: Command, what: string): Promise<string> {
  const r = await runIn(cmd.cwd, cmd.argv, cmd.env);
  if (r.rc !== 0) throw new Error(`${what} failed (exit ${r.rc}):\n${(r.stdout + r.stderr).split('\n').slice(-25).join('\n')}`);
  return r.stdout;
}

/** Seconds spent in `asterisk -rx …` reload commands, from the round-trip trace. */
export function reloadSeconds(trace: string): number {
  let ms = 0;
  for (const m of trace.matchAll(/^\[round trip\] \S+ ([\d.]+) ms .*asterisk[^\n]*-rx/gm)) ms += Number(m[1]);
  return ms / 1000;
}

export interface Phases {
  /** Process start to the first command: startup, loading, SSH connections. */
  connect: number;
  /** First command to the last facts answer. */
  facts: number;
  /** Last facts answer to the last other answer (read-ahead batches, changes, and the planning between). */
  commands: number;
  /** Wall time left: the controller planning tasks, reporting, closing. */
  rest: number;
  wall: number;
}

/** Splits a run's wall time by its round-trip trace (`[round trip] label ms ms @start command`). */
export function phasesOf(trace: string, wallSeconds: number): Phases | undefined {
  const rts = [...trace.matchAll(/^\[round trip\] \S+ ([\d.]+) ms @(\d+) (.*)$/gm)].map((m) => ({ ms: Number(m[1]), at: Number(m[2]), facts: (m[3] ?? '').startsWith('# play:gather-facts') }));
  if (rts.length === 0) return undefined;
  const wall = wallSeconds * 1000;
  const first = Math.min(...rts.map((r) => r.at));
  const factsEnd = Math.max(first, ...rts.filter((r) => r.facts).map((r) => r.at + r.ms));
  const others = rts.filter((r) => !r.facts);
  const end = Math.max(factsEnd, ...others.map((r) => r.at + r.ms));
  return { connect: first, facts: factsEnd - first, commands: end - factsEnd, rest: wall - end, wall };
}
