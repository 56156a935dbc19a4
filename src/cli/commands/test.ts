import { access, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OptionsError, PlayError } from '../../errors.js';
import { freshLab, type FreshLab } from '../../lab/fresh-inventory.js';
import { hostDirs, labPaths } from '../../lab/hosts.js';
import { labDown, labReset, labUp } from '../../lab/lab.js';
import { spa303LabService, spa303StatePath } from '../../spa303/service.js';
import type { RunEvent } from '../../executor/events.js';
import type { Io } from '../reporters.js';
import { loadConfig, loadProjectInventory, withProjectVault } from '../../project/config.js';
import { runCommand, type RunCliOptions } from './run.js';
import { rolesInOrder, verifyCommand } from './verify.js';

/**
 * `play test ROLE` / `play test --all`: Molecule's loop on fresh lab hosts. create (namespace
 * hosts named t-<role>-<host> on 127.0.14.x, a copy of the inventory) → prepare (the roles
 * site.yml converges before it) → check (the role with --check, which must predict exactly what the
 * converge then changes) → converge (the role) → idempotence (converge again: changed=0)
 * → side effect (the roles after it, which its verification talks to) → verify (the role's
 * tests/verify.yml) → destroy. --all converges site.yml once on one fresh host set and checks
 * every role in it. Steps report one line each; a failing step shows its failed results.
 */
export interface TestCliOptions extends Pick<RunCliOptions, 'vaultId' | 'vaultPasswordFile' | 'vaultPassFile' | 'askVaultPass' | 'askVaultPassword'> {
  all?: boolean;
  inventory?: string[];
  keep?: boolean;
}

interface Step {
  code: number;
  out: string;
  changed: Map<string, number>;
  /** "host | task (item): message" of every failed or unreachable result */
  failures: string[];
  /** "host | task (item)" of every changed result */
  changes: string[];
}

class Capture {
  text = '';
  readonly io: Io = { stdout: { write: (s: string) => void (this.text += s) }, stderr: { write: (s: string) => void (this.text += s) }, isTTY: false };
}

/** Runs a `play run` (or verify) quietly, listening to its events: changed counts per role, failures. */
async function step(fn: (io: Io, observe: (e: RunEvent) => void) => Promise<number>): Promise<Step> {
  const c = new Capture();
  const changed = new Map<string, number>();
  const failures: string[] = [];
  const changes: string[] = [];
  const code = await fn(c.io, (e) => {
    if (e.type !== 'result') return;
    const where = `${e.host} | ${e.task}${e.item === null || e.item === undefined ? '' : ` (${JSON.stringify(e.item)})`}`;
    if (e.changed) {
      changed.set(e.role ?? '(play)', (changed.get(e.role ?? '(play)') ?? 0) + 1);
      changes.push(where);
    }
    if (e.status === 'failed' || e.status === 'unreachable') failures.push(`${where}: ${e.msg ?? JSON.stringify(e.result)}`);
  });
  return { code, out: c.text, changed, failures, changes };
}

const fmt = (m: Map<string, number>): string => [...m].map(([r, n]) => `${r}=${n}`).join(' ') || 'none';

export async function testCommand(role: string | undefined, o: TestCliOptions, io: Io): Promise<number> {
  if (!role && !o.all) throw new OptionsError('play test needs a ROLE or --all');
  if (role && o.all) throw new OptionsError('play test takes a ROLE or --all, not both');
  const config = await loadConfig();
  const site = path.join(config.dir, 'site.yml');
  const rolesPath = config.rolesPath.length ? config.rolesPath : [path.join(config.dir, 'roles')];
  const order = await rolesInOrder(site, rolesPath);
  if (role && !order.includes(role)) throw new OptionsError(`${role} is not a role of site.yml`, { hint: `roles: ${order.join(', ')}` });
  const inventory = await withProjectVault(config, () => loadProjectInventory(o.inventory, config, config.dir));
  const block = role ? order.indexOf(role) + 1 : 0;
  const lab = freshLab(inventory, role ? `t-${role}-` : 't-all-', block);
  const say = (s: string): void => void io.stderr.write(`[test ${role ?? 'all'}] ${s}\n`);
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-test-'));
  const { all: _all, keep: _keep, inventory: _inventory, ...vault } = o;
  try {
    await writeInventory(dir, lab, inventory.sources);
    const base: RunCliOptions = { inventory: [path.join(dir, 'hosts.yml')], ...vault };
    say(`create ${[...lab.hosts, ...lab.phones].map((h) => `${h.name} ${h.address}`).join(', ')}`);
    await destroy(lab); // leftovers of an interrupted run: start from the pristine base
    await create(lab, (s) => {
      if (/KVM/.test(s)) say(s);
    });
    say(`created (${elapsed()})`);
    const fail = (what: string, s: Step): number => {
      // the failed results, or (an error before any task) everything the step printed
      const text = s.failures.length ? s.failures.join('\n') : s.out.trim();
      io.stderr.write(`${text}\n`);
      say(`FAILED at ${what} (${elapsed()})`);
      return 1;
    };
    // the roles site.yml converges before this one: what the role stands on
    const before = role ? order.slice(0, order.indexOf(role)) : [];
    const after = role ? order.slice(order.indexOf(role) + 1) : [];
    if (before.length) {
      const prep = await step((sio, observe) => runCommand([site], { ...base, role: before }, sio, undefined, observe));
      if (prep.code !== 0) return fail('prepare', prep);
      say(`prepare (${before.join(', ')}): changed ${fmt(prep.changed)} (${elapsed()})`);
    }
    const converge = (check = false): Promise<Step> => step((sio, observe) => runCommand([site], { ...base, check, ...(role ? { role: [role] } : {}) }, sio, undefined, observe));
    const predicted = await converge(true);
    if (predicted.code !== 0) return fail('check', predicted);
    const first = await converge();
    if (first.code !== 0) return fail('converge', first);
    const unpredicted = first.changes.filter((c) => !predicted.changes.includes(c));
    const wrong = predicted.changes.filter((c) => !first.changes.includes(c));
    if (unpredicted.length || wrong.length) {
      io.stderr.write([...unpredicted.map((c) => `changed, not predicted by --check: ${c}`), ...wrong.map((c) => `predicted by --check, not changed: ${c}`)].join('\n') + '\n');
      say(`FAILED at check: --check did not predict the converge (${elapsed()})`);
      return 1;
    }
    say(`check: predicted the converge's ${first.changes.length} changes exactly`);
    say(`converge: changed ${fmt(first.changed)} (${elapsed()})`);
    const second = await converge();
    if (second.code !== 0 || second.changed.size > 0) {
      if (second.code !== 0) return fail('idempotence', second);
      io.stderr.write(`${second.changes.join('\n')}\n`);
      say(`FAILED at idempotence: the second converge changed ${fmt(second.changed)}`);
      return 1;
    }
    say(`idempotence: changed=0 (${elapsed()})`);
    // the rest of the lab, which the role's verification talks to (the guests registering to
    // the kvm host's Asterisk, calls through the mesh)
    if (after.length) {
      const rest = await step((sio, observe) => runCommand([site], { ...base, role: after }, sio, undefined, observe));
      if (rest.code !== 0) return fail('side effect', rest);
      say(`side effect (${after.join(', ')}): changed ${fmt(rest.changed)} (${elapsed()})`);
    }
    const verified = await step((sio, observe) => verifyCommand({ ...base, ...(role ? { role: [role] } : {}) }, sio, undefined, observe));
    if (verified.code !== 0) return fail('verify', verified);
    say(`verify ${role ?? order.join(', ')}: ok (${elapsed()})`);
    return 0;
  } finally {
    if (o.keep) say(`kept: play run site.yml -i ${path.join(dir, 'hosts.yml')}; stop them with play lab down ${[...lab.names.values()].join(' ')}`);
    else {
      try {
        await destroy(lab);
        say(`destroyed (${elapsed()})`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
}

/** hosts.yml plus a link to the project inventory's group_vars/ (host_vars/ cannot follow renamed hosts). */
async function writeInventory(dir: string, lab: FreshLab, sources: readonly string[]): Promise<void> {
  await writeFile(path.join(dir, 'hosts.yml'), lab.yaml);
  for (const src of sources) {
    const srcDir = (await isDir(src)) ? src : path.dirname(src);
    for (const sub of ['group_vars']) {
      const from = path.join(srcDir, sub);
      if ((await isDir(from)) && !(await exists(path.join(dir, sub)))) await symlink(from, path.join(dir, sub));
    }
  }
  if (lab.names.size && (await hasHostVars(sources)))
    throw new PlayError('TEST_HOST_VARS', 'the inventory has host_vars/: play test renames hosts and cannot carry them', {
      hint: 'put per-host settings in the inventory file',
    });
}

async function hasHostVars(sources: readonly string[]): Promise<boolean> {
  for (const src of sources) if (await isDir(path.join((await isDir(src)) ? src : path.dirname(src), 'host_vars'))) return true;
  return false;
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);
const isDir = (p: string): Promise<boolean> => stat(p).then((s) => s.isDirectory(), () => false);

async function create(lab: FreshLab, onProgress: (step: string) => void): Promise<void> {
  const paths = labPaths();
  await labUp({
    onProgress,
    hosts: lab.hosts,
    services: lab.phones.map((p) => spa303LabService(paths, { name: p.name, address: p.address })),
  });
}

async function destroy(lab: FreshLab): Promise<void> {
  const paths = labPaths();
  await labReset({ hosts: lab.hosts, names: lab.hosts.map((h) => h.name) });
  const phones = lab.phones.map((p) => p.name);
  if (phones.length) await labDown({ names: phones });
  for (const p of phones) {
    await rm(hostDirs(paths, p).dir, { recursive: true, force: true });
    await rm(path.dirname(spa303StatePath(paths, p)), { recursive: true, force: true });
  }
}
