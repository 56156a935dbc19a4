/**
 * The guest-side roles (elastix-guest, trunk-mesh, spa303-phone), site.yml and both inventories:
 * syntax and host lists, the legacy rendering of the thesis' lab against golden files, the
 * consistency of the IAX2 mesh, and (PLAY_LAB=1) convergence of the local lab's PBX guests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'play.js');
const GUESTS = ['virtual1', 'virtual2', 'virtual3'];
const INVENTORIES = ['inventory/lab.yml', 'inventory/thesis'];

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

function play(...args: string[]): Cli {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** iax.conf-style sections: name → key → value (the last value of a repeated key). */
export function parseSections(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[([^\]]+)\]/.exec(line);
    if (head?.[1] !== undefined) {
      current = {};
      sections.set(head[1], current);
      continue;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (current && kv?.[1] !== undefined) current[kv[1]] = kv[2] ?? '';
  }
  return sections;
}

/**
 * Every problem of a mesh: for each guest A and each peer section [B] on A (type=peer, host of
 * B), B must have a user section named after A's username with the same secret, and every user
 * section must be called by someone.
 */
export function meshProblems(iax: Map<string, Map<string, Record<string, string>>>, address: Map<string, string>): string[] {
  const problems: string[] = [];
  const called = new Set<string>();
  for (const [a, sections] of iax) {
    const peers = [...sections].filter(([, s]) => s.type === 'peer');
    const others = [...iax.keys()].filter((h) => h !== a);
    if (peers.length !== others.length) problems.push(`${a} has ${peers.length} peers for ${others.length} other guests`);
    for (const [b, peer] of peers) {
      if (!iax.has(b)) {
        problems.push(`${a} has a peer [${b}] that is no guest`);
        continue;
      }
      if (peer.host !== address.get(b)) problems.push(`${a} [${b}] host=${peer.host}, expected ${address.get(b)}`);
      const user = iax.get(b)?.get(peer.username ?? '');
      if (user?.type !== 'user') problems.push(`${b} has no user [${peer.username}] for ${a}`);
      else if (user.secret !== peer.secret) problems.push(`${a} → ${b}: secrets differ`);
      called.add(`${b}|${peer.username}`);
    }
  }
  for (const [b, sections] of iax) {
    for (const [name, s] of sections) if (s.type === 'user' && !called.has(`${b}|${name}`)) problems.push(`${b} has a user [${name}] nobody calls as`);
  }
  return problems;
}

/** The local lab's guests as `gather_facts` and the roles' `asterisk -V` see them (the lab inventory needs no offline facts). */
const LAB_FACTS = {
  play_offline_facts: { os_family: 'Debian', distribution: 'Debian', distribution_version: 'trixie/sid', service_mgr: 'sysvinit', pkg_mgr: 'apt' },
  asterisk_version: '22.10.1+dfsg',
};

async function renderGuests(inventory: string, dir: string, ...more: string[]): Promise<Cli> {
  return play('run', 'site.yml', '-i', inventory, '--limit', 'pbx_guests', '--render', dir, ...more);
}

async function meshOf(dir: string): Promise<Map<string, Map<string, Record<string, string>>>> {
  const iax = new Map<string, Map<string, Record<string, string>>>();
  for (const g of GUESTS) iax.set(g, parseSections(await readFile(path.join(dir, g, 'etc/asterisk/iax_custom.conf'), 'utf8')));
  return iax;
}

describe('site.yml and the inventories', () => {
  for (const inv of INVENTORIES) {
    it(`passes --syntax-check with ${inv}`, () => {
      const r = play('run', 'site.yml', '-i', inv, '--syntax-check');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });

    it(`lists every lab host with ${inv}`, () => {
      const r = play('run', 'site.yml', '-i', inv, '--list-hosts');
      expect(r.code).toBe(0);
      for (const h of ['kvmhost', ...GUESTS, 'spa303']) expect(r.stdout).toContain(h);
      // the phone play targets the phone only
      const phonePlay = r.stdout.slice(r.stdout.indexOf('(phones)'));
      expect(phonePlay).toContain('spa303');
      expect(phonePlay).not.toContain('virtual1');
    });
  }

  it('runs one role on one host with --role trunk-mesh --limit virtual2', () => {
    const r = play('run', 'site.yml', '-i', 'inventory/thesis', '--role', 'trunk-mesh', '--limit', 'virtual2', '--list-tasks');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Write the IAX2 mesh and its routes');
    expect(r.stdout).not.toContain('Write the Asterisk configuration');
  });
});

describe('legacy rendering of the thesis lab', () => {
  let dir = '';
  let rendered: Cli;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-render-'));
    rendered = await renderGuests('inventory/thesis', dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders without failures', () => {
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
  });

  it('keeps the thesis user names: 1000/1001, 2000/2001, 3000/3001 toward the other guests in order', async () => {
    const iax = await meshOf(dir);
    const usernames = (g: string) => [...(iax.get(g) ?? [])].filter(([, s]) => s.type === 'peer').map(([n, s]) => `${n}:${s.username}`);
    expect(usernames('virtual1')).toEqual(['virtual2:1000', 'virtual3:1001']);
    expect(usernames('virtual2')).toEqual(['virtual1:2000', 'virtual3:2001']);
    expect(usernames('virtual3')).toEqual(['virtual1:3000', 'virtual2:3001']);
  });

  it('agrees at both ends of every trunk', async () => {
    const address = new Map([['virtual1', '192.168.0.195'], ['virtual2', '192.168.0.156'], ['virtual3', '192.168.0.158']]);
    expect(meshProblems(await meshOf(dir), address)).toEqual([]);
  });
});

describe('modern rendering of the local lab', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-render-'));
    // the vaulted mesh secret, and the sha1s derived from it, are masked in --render's output:
    // a mesh secret given in the clear lets the secrets' derivation be checked
    const r = await renderGuests('inventory/lab.yml', dir, '-e', JSON.stringify({ ...LAB_FACTS, trunk_mesh_secret: 'a-mesh-secret-in-the-clear' }));
    expect(r.stderr).toBe('');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('binds every Asterisk to its own address', async () => {
    const pjsip = parseSections(await readFile(path.join(dir, 'virtual2/etc/asterisk/pjsip.conf'), 'utf8'));
    expect(pjsip.get('transport-udp')?.bind).toBe('127.0.10.156:5060');
    const iax = parseSections(await readFile(path.join(dir, 'virtual2/etc/asterisk/iax.conf'), 'utf8'));
    expect(iax.get('general')?.bindaddr).toBe('127.0.10.156');
  });

  it('registers the trunk to the kvm host as 700N with secret 700N', async () => {
    const text = await readFile(path.join(dir, 'virtual3/etc/asterisk/pjsip.conf'), 'utf8');
    expect(text).toContain('client_uri=sip:7003@127.0.10.153:5060');
    expect(text).toMatch(/username=7003\npassword=7003\n/);
  });

  it('derives per-direction secrets that both ends agree on', async () => {
    const iax = await meshOf(dir);
    const address = new Map([['virtual1', '127.0.10.195'], ['virtual2', '127.0.10.156'], ['virtual3', '127.0.10.158']]);
    expect(meshProblems(iax, address)).toEqual([]);
    const secrets = [...iax.values()].flatMap((s) => [...s.values()].map((v) => v.secret));
    expect(secrets.every((s) => s !== undefined && /^[0-9a-f]{40}$/.test(s))).toBe(true);
  });
});

describe('mesh checker', () => {
  it('reports a trunk whose ends disagree', () => {
    const a = parseSections('[b]\ntype=peer\nhost=10.0.0.2\nusername=1000\nsecret=x\n[2000]\ntype=user\nsecret=y\n');
    const b = parseSections('[a]\ntype=peer\nhost=10.0.0.1\nusername=2000\nsecret=y\n[1000]\ntype=user\nsecret=z\n');
    const problems = meshProblems(new Map([['a', a], ['b', b]]), new Map([['a', '10.0.0.1'], ['b', '10.0.0.2']]));
    expect(problems).toEqual(['a → b: secrets differ']);
  });
});

type JsonLine = { event: string; host?: string; task?: string; item?: unknown; changed?: boolean; hosts?: Record<string, Record<string, number>> };

function runJson(...args: string[]): { code: number | null; lines: JsonLine[]; stderr: string } {
  const r = play('run', 'site.yml', '-i', 'inventory/lab.yml', '--limit', 'pbx_guests', '--json', ...args);
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonLine);
  return { code: r.code, lines, stderr: r.stderr };
}

const changedOf = (lines: JsonLine[]) =>
  lines.filter((l) => l.event === 'result' && l.changed).map((l) => `${l.host}|${l.task}|${JSON.stringify(l.item ?? null)}`).sort();
const recapOf = (lines: JsonLine[]) => lines.find((l) => l.event === 'recap')?.hosts ?? {};

function onGuest(address: string, command: string): string {
  const home = os.homedir();
  const r = spawnSync('ssh', ['-i', `${home}/.cache/play/lab/id_ed25519`, '-o', `UserKnownHostsFile=${home}/.cache/play/lab/known_hosts`, '-o', 'BatchMode=yes', `root@${address}`, command], { encoding: 'utf8', timeout: 60_000 });
  return r.stdout;
}

describe.runIf(process.env.PLAY_LAB === '1')('the PBX guests of the local lab converge', () => {
  const address: Record<string, string> = { virtual1: '127.0.10.195', virtual2: '127.0.10.156', virtual3: '127.0.10.158' };

  it('predicts with --check on fresh guests exactly what the first run changes, then changes nothing', () => {
    // reset stops the hosts and discards their changes; up starts them again from the image
    expect(play('lab', 'reset', '-q', ...GUESTS).code).toBe(0);
    expect(play('lab', 'up', '-q', '--libvirt').code).toBe(0);
    const check = runJson('--check');
    expect(check.code).toBe(0);
    const first = runJson();
    expect(first.code, first.stderr).toBe(0);
    for (const g of GUESTS) expect(recapOf(first.lines)[g]?.failed).toBe(0);
    expect(changedOf(check.lines)).toEqual(changedOf(first.lines));
    const second = runJson();
    for (const g of GUESTS) expect(recapOf(second.lines)[g]?.changed).toBe(0);
  }, 900_000);

  it('has every guest see the other two over IAX2 and register its trunk to the kvm host', () => {
    for (const g of GUESTS) {
      const peers = onGuest(address[g] ?? '', "asterisk -rx 'iax2 show peers'");
      for (const other of GUESTS.filter((o) => o !== g)) expect(peers).toMatch(new RegExp(`^${other}/\\d+\\s+${(address[other] ?? '').replaceAll('.', '\\.')}`, 'm'));
      expect(onGuest(address[g] ?? '', "asterisk -rx 'pjsip show registrations'")).toContain('dahdi-sip/sip:127.0.10.153:5060');
    }
  }, 120_000);

  it('answers a call from virtual1 to 2500 over the mesh', async () => {
    onGuest(address.virtual1 ?? '', "asterisk -rx 'channel originate Local/2500@from-internal application Wait 3'");
    const channels = onGuest(address.virtual2 ?? '', "asterisk -rx 'core show channels concise'");
    expect(channels).toMatch(/^IAX2\/1000-\d+!from-trunk!2500!/m);
  }, 120_000);
});
