import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execCommand } from '../../src/cli/commands/exec.js';
import type { Io } from '../../src/cli/reporters.js';
import { Project } from '../support/project.js';

/**
 * `play exec localhost -m setup` against `ansible localhost -c local -m setup` on this machine:
 * the same fact names with the same shapes, and the same values where they are stable.
 */
const haveAnsible = spawnSync('ansible', ['--version'], { stdio: 'ignore' }).status === 0;
type Facts = Record<string, unknown>;

let project: Project;
beforeAll(async () => {
  project = await Project.create({ '.git/HEAD': '' });
});
afterAll(async () => project.remove());

function theirs(args: string): Facts {
  const r = spawnSync('ansible', ['localhost', '-i', 'localhost,', '-c', 'local', '-m', 'setup', '-a', args], {
    cwd: project.dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_NOCOLOR: '1' },
  });
  return (JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { ansible_facts: Facts }).ansible_facts;
}

async function ours(args: string): Promise<Facts> {
  let stdout = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: () => undefined }, isTTY: false };
  const cwd = process.cwd();
  process.chdir(project.dir);
  try {
    expect(await execCommand('localhost', { inventory: ['localhost,'], connection: 'local', module: 'setup', args }, io)).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { ansible_facts: Facts }).ansible_facts;
}

/** A value's shape: dicts by their keys (only `keys` when given), lists by their first element, scalars by type. */
function shape(v: unknown, keys?: readonly string[]): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !keys || keys.includes(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, shape(x)]));
  return v === null ? 'null' : typeof v;
}

const SAME_SHAPE = [
  'ansible_date_time', 'ansible_interfaces', 'ansible_default_ipv4', 'ansible_default_ipv6', 'ansible_all_ipv4_addresses',
  'ansible_all_ipv6_addresses', 'ansible_mounts', 'ansible_lsb', 'ansible_user_id', 'ansible_user_uid', 'ansible_user_gid', 'ansible_user_dir',
  'ansible_user_shell', 'ansible_user_gecos', 'ansible_selinux', 'ansible_processor', 'ansible_processor_count', 'ansible_processor_cores',
  'ansible_processor_threads_per_core', 'ansible_processor_vcpus', 'ansible_processor_nproc', 'ansible_memory_mb', 'ansible_memtotal_mb',
  'ansible_memfree_mb', 'ansible_swaptotal_mb', 'ansible_swapfree_mb', 'ansible_uptime_seconds', 'ansible_kernel', 'ansible_kernel_version',
  'ansible_machine_id', 'ansible_virtualization_type', 'ansible_virtualization_role', 'ansible_virtualization_tech_host', 'ansible_local',
  'ansible_distribution', 'ansible_distribution_version', 'ansible_distribution_major_version', 'ansible_distribution_release', 'ansible_os_family',
  'ansible_architecture', 'ansible_machine', 'ansible_system', 'ansible_hostname', 'ansible_nodename', 'ansible_domain', 'ansible_pkg_mgr',
  'ansible_effective_user_id', 'ansible_real_user_id', 'ansible_effective_group_id', 'ansible_real_group_id', 'gather_subset', 'module_setup',
];
const SAME_VALUE = SAME_SHAPE.filter(
  (k) => !['ansible_date_time', 'ansible_env', 'ansible_mounts', 'ansible_memory_mb', 'ansible_memfree_mb', 'ansible_swapfree_mb', 'ansible_uptime_seconds', 'ansible_interfaces', 'ansible_all_ipv6_addresses', 'ansible_all_ipv4_addresses'].includes(k),
);
/** What play reads of an interface (Ansible adds ethtool's speed, pciid, features…). */
const IFACE_KEYS = ['active', 'device', 'ipv4', 'ipv4_secondaries', 'ipv6', 'macaddress', 'mtu', 'promisc', 'type'];

describe.skipIf(!haveAnsible)('play exec -m setup and ansible -m setup on this machine', () => {
  let a: Facts;
  let p: Facts;
  beforeAll(async () => {
    a = theirs('');
    p = await ours('');
  }, 120_000);

  it.each(SAME_SHAPE)('%s has the same shape', (k) => {
    expect(shape(p[k]), k).toEqual(shape(a[k]));
  });

  it.each(SAME_VALUE)('%s has the same value', (k) => {
    expect(p[k], k).toEqual(a[k]);
  });

  it('the same interfaces, each as ansible_<iface> with the same addresses', () => {
    expect([...(p.ansible_interfaces as string[])].sort()).toEqual([...(a.ansible_interfaces as string[])].sort());
    for (const i of a.ansible_interfaces as string[]) {
      const k = `ansible_${i.replace(/[-:]/g, '_')}`;
      expect(shape(p[k], IFACE_KEYS), k).toEqual(shape(a[k], IFACE_KEYS));
      const pick = (f: unknown): unknown => shape(f, IFACE_KEYS) && Object.fromEntries(Object.entries(f as Facts).filter(([x]) => IFACE_KEYS.includes(x)));
      const sortV6 = (f: unknown): unknown => ({ ...(f as Facts), ipv6: ((f as Facts).ipv6 as Facts[] | undefined)?.map((x) => JSON.stringify(x)).sort() });
      expect(sortV6(pick(p[k])), k).toEqual(sortV6(pick(a[k])));
    }
    expect([...(p.ansible_all_ipv4_addresses as string[])].sort()).toEqual([...(a.ansible_all_ipv4_addresses as string[])].sort());
    expect([...(p.ansible_all_ipv6_addresses as string[])].sort()).toEqual([...(a.ansible_all_ipv6_addresses as string[])].sort());
  });

  it('the same mounts, sizes and dates (values that do not move while the two run)', () => {
    const stable = (m: Facts[]): unknown => m.map(({ mount, device, fstype, options, size_total, block_size, block_total, inode_total }) => ({ mount, device, fstype, options, size_total, block_size, block_total, inode_total }));
    expect(stable(p.ansible_mounts as Facts[])).toEqual(stable(a.ansible_mounts as Facts[]));
    const pd = p.ansible_date_time as Record<string, string>;
    const ad = a.ansible_date_time as Record<string, string>;
    for (const k of ['tz', 'tz_dst', 'tz_offset']) expect(pd[k], k).toBe(ad[k]);
    expect(Number(pd.epoch)).toBeGreaterThanOrEqual(Number(ad.epoch));
    expect(p.ansible_uptime_seconds as number).toBeGreaterThanOrEqual(a.ansible_uptime_seconds as number);
    // the environment: a dict of strings, the same where the controller's ansible adds nothing
    expect(Object.values(p.ansible_env as Facts).every((v) => typeof v === 'string')).toBe(true);
    for (const k of ['HOME', 'PATH', 'USER', 'LANG']) expect((p.ansible_env as Facts)[k], k).toEqual((a.ansible_env as Facts)[k]);
  });

  it.each(['!all', 'network', '!hardware', '!all,!min', 'virtual'])('gather_subset=%s gathers the same facts', async (subset) => {
    const mine = await ours(`gather_subset=${subset}`);
    const theirFacts = theirs(`gather_subset=${subset}`);
    for (const k of SAME_SHAPE) expect(k in mine, `${k} with gather_subset=${subset}`).toBe(k in theirFacts);
    expect(mine.gather_subset).toEqual(theirFacts.gather_subset);
  }, 60_000);

  it('local facts (facts.d): JSON, INI and an executable, as ansible_local', async () => {
    const dir = path.join(project.dir, 'facts.d');
    await mkdir(dir);
    await writeFile(path.join(dir, 'json.fact'), '{"a": {"b": [1, 2]}, "s": "x"}\n');
    await writeFile(path.join(dir, 'ini.fact'), '[general]\nName = pbx\nport=5060\n[other]\nk: v\n');
    await writeFile(path.join(dir, 'run.fact'), '#!/bin/sh\necho \'{"version": "22.1"}\'\n');
    await writeFile(path.join(dir, 'bad.fact'), 'not json, not ini\n');
    await chmod(path.join(dir, 'run.fact'), 0o755);
    const mine = await ours(`fact_path=${dir}`);
    expect(mine.ansible_local).toEqual(theirs(`fact_path=${dir}`).ansible_local);
    expect(mine.ansible_local).toMatchObject({ json: { s: 'x' }, ini: { general: { name: 'pbx', port: '5060' } }, run: { version: '22.1' } });
  }, 60_000);
});
