/**
 * The classroom: two student benches from one controller, in the classroom's own lab root
 * (127.0.21.x, 127.0.22.x; the default lab is not touched). site.yml converges both with one
 * inventory, a second run changes nothing, `play verify` proves every bench's calls; then a
 * student breaks something on EACH bench at once, one `--check --diff` of the whole classroom
 * names exactly those hosts and roles, and per-role reruns repair them. Each step is timed; the
 * table goes to stderr (docs/lab.md quotes a run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Damage } from '../../src/lab/damage.js';
import { labTestsEnabled, playCli } from './lab-support.js';

const INVENTORY = ['-i', 'inventory/classroom.yml'];
const play = playCli;

interface Line {
  event: string;
  task?: string;
  role?: string | null;
  host?: string;
  changed?: boolean;
  diff?: { path?: string }[] | null;
  hosts?: Record<string, Record<string, number>>;
}

/** A run with --json: its changed results and its recap. */
function runJson(...args: string[]): { rc: number; changed: Line[]; recap: Record<string, Record<string, number>>; stderr: string } {
  const r = play(...args, '--json');
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  return {
    rc: r.rc,
    changed: lines.filter((l) => l.event === 'result' && l.changed),
    recap: lines.find((l) => l.event === 'recap')?.hosts ?? {},
    stderr: r.stderr,
  };
}

const sum = (recap: Record<string, Record<string, number>>, key: string): Record<string, number> =>
  Object.fromEntries(Object.entries(recap).map(([h, s]) => [h, s[key] ?? 0]));
const hostsWith = (recap: Record<string, Record<string, number>>, key: string): string[] =>
  Object.entries(sum(recap, key)).filter(([, n]) => n > 0).map(([h]) => h).sort();

const BENCH_HOSTS = 10; // 2 × (kvm host, three guests, phone)
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

describe.runIf(labTestsEnabled)('a classroom of two benches from one controller', () => {
  const timings: string[] = [];
  const timed = <T>(label: string, step: () => T): T => {
    const t0 = Date.now();
    const out = step();
    timings.push(`${label.padEnd(44)} ${seconds(Date.now() - t0).padStart(6)} s`);
    return out;
  };

  beforeAll(() => {
    // a fresh classroom: the benches boot from the base image, so the first run converges them
    const down = play('lab', 'down', '--benches', '--discard', '-q');
    expect(down.rc, down.stderr).toBe(0);
    const up = timed('lab up --benches 2', () => play('lab', 'up', '--benches', '2', '-q'));
    expect(up.rc, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toMatch(/already up to date/); // the committed inventory is the generator's
  }, 300_000);

  afterAll(() => {
    play('lab', 'down', '--benches', '--discard', '-q');
    process.stderr.write(`\nclassroom, 2 benches\n${timings.join('\n')}\n`);
  }, 300_000);

  it('site.yml converges both benches, a second run changes nothing, and verify proves every bench\'s calls', () => {
    const first = timed('site.yml from fresh', () => runJson('run', 'site.yml', ...INVENTORY));
    expect(first.rc, first.stderr).toBe(0);
    expect(Object.keys(first.recap)).toHaveLength(BENCH_HOSTS);
    expect(hostsWith(first.recap, 'failed')).toEqual([]);
    expect(hostsWith(first.recap, 'changed')).toHaveLength(BENCH_HOSTS);

    const second = timed('site.yml again', () => runJson('run', 'site.yml', ...INVENTORY));
    expect(second.rc, second.stderr).toBe(0);
    expect(second.changed.map((l) => `${l.host} ${l.task}`)).toEqual([]);

    const verify = timed('play verify', () => play('verify', ...INVENTORY));
    expect(verify.rc, verify.stdout.slice(-3000)).toBe(0);
    // every call stays on its bench and is proven on the far side: 5 per guest, 6 guests
    const answered = [...verify.stdout.matchAll(/"msg": "\d+ answered on (b0\d)-virtual\d/g)];
    expect(answered).toHaveLength(30);
    const far = [...verify.stdout.matchAll(/^ok: \[(b0\d)-virtual\d\] => \(item=\d+ → (b0\d)-virtual\d\)/gm)];
    expect(far.length).toBeGreaterThan(0);
    expect(far.filter((m) => m[1] !== m[2]).map((m) => m[0])).toEqual([]);
  }, 1_200_000);

  it('a break on both benches at once: one --check --diff names both, per-role reruns repair them', () => {
    const damages = timed('lab break on both benches', () =>
      [
        ['b01-virtual2', 'sip'],
        ['b02-kvmhost', 'dialplan'],
      ].map(([host, what]) => {
        const r = play('lab', 'break', host as string, '--what', what as string, '--seed', '1', '--json', ...INVENTORY);
        expect(r.rc, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as Damage;
      }),
    );
    expect(damages.map((d) => [d.on, d.role])).toEqual([
      ['b01-virtual2', 'elastix-guest'],
      ['b02-kvmhost', 'asterisk-host'],
    ]);

    const scan = timed('one --check --diff of the classroom', () => runJson('run', 'site.yml', '--check', '--diff', ...INVENTORY));
    expect(scan.rc, scan.stderr).toBe(0);
    expect(hostsWith(scan.recap, 'changed')).toEqual(['b01-virtual2', 'b02-kvmhost']);
    expect(Object.keys(scan.recap)).toHaveLength(BENCH_HOSTS);
    for (const d of damages) {
      const mine = scan.changed.filter((l) => l.host === d.on);
      expect(new Set(mine.map((l) => l.role))).toEqual(new Set([d.role]));
      expect(mine.flatMap((l) => l.diff ?? []).map((x) => x.path)).toEqual([d.file]);
    }
    // the text output names them too: a diff of each damaged file, and the recap
    const text = play('run', 'site.yml', '--check', '--diff', ...INVENTORY);
    for (const d of damages) {
      expect(text.stdout).toContain(`${d.file}`);
      expect(text.stdout).toMatch(new RegExp(`^${d.on}\\s+: ok=\\d+\\s+changed=[1-9]`, 'm'));
    }

    for (const d of damages) {
      const repair = timed(`repair: --role ${d.role} --limit ${d.on}`, () => runJson('run', 'site.yml', '--role', d.role, '--limit', d.limit, ...INVENTORY));
      expect(repair.rc, repair.stderr).toBe(0);
      expect(hostsWith(repair.recap, 'changed')).toEqual([d.on]);
    }
    const again = timed('--check of the classroom after the repairs', () => runJson('run', 'site.yml', '--check', ...INVENTORY));
    expect(again.changed.map((l) => `${l.host} ${l.task}`)).toEqual([]);
    const verify = timed('play verify after the repairs', () => play('verify', ...INVENTORY));
    expect(verify.rc, verify.stdout.slice(-3000)).toBe(0);
  }, 1_200_000);
});
