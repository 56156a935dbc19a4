/**
 * The student-breaks-a-VM loop on the shared lab: `play lab break HOST --what KIND` → `play run
 * site.yml --check --diff --limit …` shows exactly that damage → `play run site.yml --role …
 * --limit …` repairs it → a second check changes nothing → `play verify` passes (registrations,
 * IAX2 peers, calls answered on the far side). Each step is timed; the table goes to stderr
 * (docs/lab.md quotes a run).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Damage } from '../../src/lab/damage.js';
import { labTestsEnabled } from './lab-support.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'play.js');

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

function play(...args: string[]): Cli {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Result {
  event: string;
  task?: string;
  role?: string | null;
  host?: string;
  item?: unknown;
  changed?: boolean;
  status?: string;
  diff?: { path?: string; before?: string; after?: string }[] | null;
  hosts?: Record<string, Record<string, number>>;
}

function runJson(...args: string[]): { code: number | null; results: Result[]; stderr: string } {
  const r = play(...args, '--json');
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Result);
  return { code: r.code, results: lines.filter((l) => l.event === 'result'), stderr: r.stderr };
}

interface PlanLine {
  event: string;
  host?: string;
  plan?: { changes: { apply: { kind: string }; effects: { kind: string; path?: string }[] }[] };
}

/** `--plan-json`: the plan lines of a run (which changes nothing: it implies --check). */
function plans(...args: string[]): { code: number | null; plans: PlanLine[] } {
  const r = play(...args, '--plan-json');
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as PlanLine);
  return { code: r.code, plans: lines.filter((l) => l.event === 'plan') };
}

/** Lines only in a (multiset difference), for "the diff is exactly the damage". */
function onlyIn(a: string, b: string): string[] {
  const rest = b.split('\n');
  const out: string[] = [];
  for (const line of a.split('\n')) {
    const i = rest.indexOf(line);
    if (i >= 0) rest.splice(i, 1);
    else out.push(line);
  }
  return out;
}

/** What the check run must show for a damage, and nothing else. */
function expectExactly(d: Damage, changed: Result[]): void {
  // every change is the repairing role's, on the damaged host
  for (const r of changed) expect([r.host, r.role], `${r.host} ${r.task}`).toEqual([d.on, d.role]);
  const task = (r: Result): string => (r.task ?? '').replace(`${d.role} : `, '');
  const withDiff = changed.filter((r) => r.diff?.length);
  const others = changed.filter((r) => !r.diff?.length);
  if (d.file) {
    expect(withDiff.length, 'one file differs').toBe(1);
    const diff = withDiff[0]?.diff?.[0] ?? {};
    expect(diff.path).toBe(d.file);
    const removed = onlyIn(diff.before ?? '', diff.after ?? '');
    const added = onlyIn(diff.after ?? '', diff.before ?? '');
    expect([removed.length, added.length], `${removed.join('|')} → ${added.join('|')}`).toEqual([1, 1]);
    expect(removed[0]).toMatch(/student123|127\.0\.0\.99|from-trunck|tesys|fxoks=4/);
    // besides the file: only the role's handler that applies it (named "<role> …")
    for (const r of others) expect(task(r).startsWith(`${d.role} `), r.task).toBe(true);
  } else if (d.service) {
    expect(withDiff).toEqual([]);
    expect(others.map(task)).toEqual([expect.stringMatching(/^Start Asterisk/)]);
  } else {
    expect(withDiff).toEqual([]);
    expect(new Set(others.map((r) => r.item))).toEqual(new Set([d.domain]));
    expect(others.map(task)).toEqual(
      d.variant === 'undefine' ? ["Define each guest's domain", "Start each guest's domain"] : ["Start each guest's domain"],
    );
  }
}

const CASES: { host: string; what: string }[] = [
  { host: 'virtual2', what: 'iax' },
  { host: 'virtual2', what: 'sip' },
  { host: 'virtual2', what: 'dialplan' },
  { host: 'virtual2', what: 'service' },
  { host: 'virtual2', what: 'vm' },
  { host: 'kvmhost', what: 'sip' },
  { host: 'kvmhost', what: 'dialplan' },
  { host: 'kvmhost', what: 'service' },
  { host: 'kvmhost', what: 'dahdi' },
];

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

describe.runIf(labTestsEnabled)('a student breaks a lab host; play sees exactly that and repairs it', () => {
  const timings: string[] = [];

  beforeAll(() => {
    // the whole lab, the phone too: on a fresh machine nothing earlier has configured it
    const r = play('run', 'site.yml');
    expect(r.code, r.stdout.slice(-2000) + r.stderr).toBe(0);
    // a working lab to break: every guest registered (earlier suites restart the guests), every
    // call answered — the per-host verifications below cannot wait for other hosts' trunks
    const v = play('verify');
    expect(v.code, v.stdout.slice(-3000) + v.stderr).toBe(0);
  }, 600_000);

  afterAll(() => {
    const head = 'damage                          break  detect  repair  verify   total';
    process.stderr.write(`\n${head}\n${timings.join('\n')}\n`);
  });

  let damaged: Damage | undefined;
  afterEach(() => {
    // a failed case must not leave its damage to the next one
    if (damaged) play('run', 'site.yml', '--limit', damaged.limit);
    damaged = undefined;
  }, 300_000);

  for (const [i, c] of CASES.entries()) {
    it(`${c.host} --what ${c.what}`, () => {
      const t0 = Date.now();
      const broke = play('lab', 'break', c.host, '--what', c.what, '--seed', String(i), '--json');
      expect(broke.code, broke.stderr).toBe(0);
      const d = JSON.parse(broke.stdout) as Damage;
      damaged = d;
      const t1 = Date.now();

      const check = runJson('run', 'site.yml', '--check', '--diff', '--limit', d.limit);
      expect(check.code, check.stderr).toBe(0);
      expectExactly(d, check.results.filter((r) => r.changed));
      if (d.file) {
        // the same prediction as data: the damaged file is rewritten on the damaged host only
        const planned = plans('run', 'site.yml', '--limit', d.limit);
        expect(planned.code).toBe(0);
        const writing = planned.plans.filter((p) => p.plan?.changes.some((c) => c.effects.some((e) => e.kind === 'file' && e.path === d.file)));
        expect(writing.map((p) => p.host)).toEqual([d.on]);
      }
      const t2 = Date.now();

      // the damage is real: verification fails before the repair (quick cases only)
      if (d.what === 'service') expect(play('verify', '--role', d.role, '--limit', d.limit).code).not.toBe(0);
      if (d.what === 'dialplan' && d.on === 'virtual2') {
        const calls = play('verify', '--role', 'trunk-mesh', '--limit', 'virtual1', '-e', 'verify_call_wait=4');
        expect(calls.code).not.toBe(0);
        expect(calls.stdout).toMatch(/dialled 2500, but virtual2 has no CDR of it/);
      }

      const repair = runJson('run', 'site.yml', '--role', d.role, '--limit', d.limit);
      expect(repair.code, repair.stderr).toBe(0);
      expect(repair.results.some((r) => r.changed)).toBe(true);
      const t3 = Date.now();

      const verify = play('verify', '--limit', d.limit);
      expect(verify.code, verify.stdout.slice(-3000)).toBe(0);
      const t4 = Date.now();

      const again = runJson('run', 'site.yml', '--check', '--limit', d.limit);
      expect(again.results.filter((r) => r.changed).map((r) => r.task)).toEqual([]);
      damaged = undefined;

      const label = `${c.host} ${d.what}/${d.variant}`.padEnd(30);
      timings.push(`${label}  ${[t1 - t0, t2 - t1, t3 - t2, t4 - t3].map((ms) => seconds(ms).padStart(6)).join('  ')}  ${seconds(t4 - t0).padStart(6)}`);
    }, 300_000);
  }
});
