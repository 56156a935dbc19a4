/**
 * The thesis' lab rendered from site.yml itself (every play, every host) against the golden
 * files, and the same site planned as data with --plan-json: what `play run site.yml -i
 * inventory/thesis --render DIR` and `--offline --plan-json` give a user.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunCliOptions } from '../../src/cli/commands/run.js';
import type { Io } from '../../src/cli/reporters.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GOLDEN = path.join(ROOT, 'test/roles/golden');
const THESIS = path.join(ROOT, 'inventory/thesis');
const HOSTS = ['kvmhost', 'spa303', 'virtual1', 'virtual2', 'virtual3'];

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

async function play(o: RunCliOptions): Promise<Cli> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  const code = await runCommand([path.join(ROOT, 'site.yml')], { inventory: [THESIS], json: true, ...o }, io);
  const lines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((f) => f !== 'README.md')
    .sort();
}

describe('site.yml rendered from inventory/thesis', () => {
  let dir = '';
  let run: Cli;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-site-render-'));
    run = await play({ render: dir });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 with no failed task and no warning', () => {
    const failed = run.lines.filter((l) => l.event === 'result' && l.status === 'failed');
    expect(failed).toEqual([]);
    expect(run.lines.filter((l) => l.event === 'warning')).toEqual([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('writes every host of the site, and exactly the golden files, byte for byte', async () => {
    expect((await readdir(dir)).sort()).toEqual(HOSTS);
    const golden = await filesUnder(GOLDEN);
    expect(await filesUnder(dir)).toEqual(golden);
    for (const rel of golden) expect(await readFile(path.join(dir, rel), 'utf8'), rel).toBe(await readFile(path.join(GOLDEN, rel), 'utf8'));
  });

  it("includes the guests' libvirt domains and the phone's profile, readable by their owner only", async () => {
    for (const g of [1, 2, 3]) {
      const xml = path.join(dir, `kvmhost/etc/libvirt/qemu/VirtualAsterisk${g}.xml`);
      expect(await readFile(xml, 'utf8')).toContain(`<name>VirtualAsterisk${g}</name>`);
      expect((await stat(xml)).mode & 0o777).toBe(0o600);
    }
    const profile = path.join(dir, 'spa303/profile.xml');
    expect(await readFile(profile, 'utf8')).toContain('<Proxy_1_>192.168.0.153</Proxy_1_>');
    expect((await stat(profile)).mode & 0o777).toBe(0o600);
  });
});

describe('site.yml planned as data (--offline --plan-json) from inventory/thesis', () => {
  let run: Cli;
  beforeAll(async () => {
    run = await play({ offline: true, planJson: true });
  }, 60_000);

  const plans = (): Record<string, unknown>[] => run.lines.filter((l) => l.event === 'plan');

  it('prints one JSON line per host and task, and nothing else but results and the recap', () => {
    expect(run.code).toBe(0);
    expect(new Set(run.lines.map((l) => l.event))).toEqual(new Set(['plan', 'result', 'recap']));
    expect(new Set(plans().map((p) => p.host))).toEqual(new Set(HOSTS));
  });

  it("names controller work as data: the phone's resync, with its password masked", () => {
    const phone = plans().find((p) => p.host === 'spa303' && p.action === 'spa_phone') as { plan: { changes: { apply: unknown }[] } } | undefined;
    expect(phone?.plan.changes[0]?.apply).toMatchObject({
      kind: 'controller',
      step: { name: 'spa_resync', host: '192.168.0.110', changes: { Proxy_1_: '192.168.0.153', Password_1_: '********' } },
    });
  });

  it('shows commands as sent and contents as text', () => {
    const define = plans().find((p) => p.host === 'kvmhost' && p.action === 'virt' && String(p.task).includes('Define')) as
      | { plan: { changes: { apply: { kind: string; command: string; stdin: { text: string } }; leaves: { path: string }[] }[] } }
      | undefined;
    const change = define?.plan.changes[0];
    expect(change?.apply.kind).toBe('exec');
    expect(change?.apply.command).toContain('virsh -c qemu:///system define "$t"');
    expect(change?.apply.stdin.text).toContain('<domain type=');
    expect(change?.leaves.map((l) => l.path)).toEqual(['/etc/libvirt/qemu/VirtualAsterisk1.xml']);
  });
});
