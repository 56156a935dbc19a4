/**
 * The system modules against the local lab, the way the executor runs them: plan through a
 * real ModuleContext, apply with applyChange, fold effects into the HostWorld. For each module:
 * a check-mode plan predicts the first run's changes, the first run makes them, and a second
 * run finds nothing to do. virtual3 (Debian sid, no init running) and kvmhost (libvirt).
 *   PLAY_LAB=1 npx vitest run test/modules-system/lab.test.ts
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand as shText } from '../../src/connection/command.js';
import type { Connection } from '../../src/connection/types.js';
import { openSsh } from '../../src/connection/ssh.js';
import { applyChange } from '../../src/executor/apply.js';
import { HostWorld } from '../../src/executor/host-world.js';
import { createModuleContext } from '../../src/executor/module-context.js';
import { labPaths } from '../../src/lab/index.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import { getModule } from '../../src/modules/registry.js';
import type { ModuleDefinition, Plan } from '../../src/modules/types.js';
import type { Templar } from '../../src/template/index.js';

const enabled = process.env['PLAY_LAB'] === '1';
const VIRTUAL3 = '127.0.10.158';
const KVMHOST = '127.0.10.153';

async function connect(address: string): Promise<Connection> {
  const paths = labPaths();
  return openSsh({ host: address, connection: 'ssh', address, user: 'root', privateKeyFile: paths.privateKey, knownHostsFile: paths.knownHosts, vars: {} }, { agentSocket: undefined });
}

function moduleNamed(name: string): ModuleDefinition {
  const mod = getModule(name);
  if (!mod) throw new Error(`no module ${name}`);
  return mod;
}

/** One task on one host, as the executor runs it; check mode = plan + simulated effects only. */
async function runTask(conn: Connection, name: string, args: Record<string, unknown>, check = false): Promise<{ plan: Plan; changed: boolean; result: Record<string, unknown> }> {
  const mod = moduleNamed(name);
  const world = new HostWorld();
  const ctx = createModuleContext({
    host: 'lab',
    vars: {},
    diff: false,
    verbosity: 0,
    connection: conn,
    become: undefined,
    env: undefined,
    world,
    templar: {} as unknown as Templar,
    role: undefined,
    playbookDir: '.',
    taskName: name,
    pos: { file: 'lab.test.ts' },
    warn: () => undefined,
  });
  const plan = await mod.plan(parseModuleArgs(mod, args), ctx);
  const result = { ...(plan.result ?? {}) };
  for (const change of plan.changes) {
    if (check) {
      world.applyEffects(change.effects, true);
      continue;
    }
    Object.assign(result, await applyChange(change, { connection: conn, become: undefined, env: undefined, timeoutMs: 600_000 }));
    world.applyEffects(change.effects, false);
  }
  return { plan, changed: plan.changed ?? plan.changes.length > 0, result };
}

/** check-mode prediction, first run, second run. */
async function converge(conn: Connection, name: string, args: Record<string, unknown>) {
  const predicted = await runTask(conn, name, args, true);
  const first = await runTask(conn, name, args);
  const second = await runTask(conn, name, args);
  expect(predicted.plan.changes.map((c) => c.describe)).toEqual(first.plan.changes.map((c) => c.describe));
  expect(first.changed, `${name}: first run changes`).toBe(true);
  expect(second.changed, `${name}: second run is ok`).toBe(false);
  expect(second.plan.changes).toEqual([]);
  return { predicted, first, second };
}

describe.skipIf(!enabled)('system modules on virtual3 (Debian sid, no init running)', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connect(VIRTUAL3);
  }, 30_000);
  afterAll(async () => {
    await conn?.close();
  });

  it('package: apt installs and removes hello', async () => {
    await runTask(conn, 'apt', { name: 'hello', state: 'absent' });
    await converge(conn, 'package', { name: 'hello' });
    const res = await runTask(conn, 'apt', { name: 'hello' });
    expect(res.changed).toBe(false);
    await converge(conn, 'apt', { name: 'hello', state: 'absent' });
  }, 300_000);

  it('sysctl: a key the kernel lacks, with ignore_missing, manages only the file', async () => {
    const file = '/etc/sysctl.d/99-play-sysmod-test.conf';
    await conn.exec(shText(`rm -f ${file}`));
    const args = { name: 'net.bridge.bridge-nf-call-play-test', value: '0', sysctl_file: file, ignore_missing: true, sysctl_set: true };
    const { first } = await converge(conn, 'sysctl', args);
    expect(first.plan.msg).toBe('key not present in the running kernel: net.bridge.bridge-nf-call-play-test (module not loaded); file updated');
    expect((await conn.exec(shText(`cat ${file}`))).stdout).toBe('net.bridge.bridge-nf-call-play-test=0\n');
    await expect(runTask(conn, 'sysctl', { ...args, ignore_missing: false })).rejects.toThrow('key not present in the running kernel');
    await conn.exec(shText(`rm -f ${file}`));
  }, 60_000);

  it('service + asterisk_command: asterisk started and stopped through /etc/init.d', async () => {
    // Asterisk loads no modules while this runs: nothing binds to the shared network.
    const backup = '/etc/asterisk/modules.conf.play-sysmod-backup';
    await conn.exec(shText(`cp -p /etc/asterisk/modules.conf ${backup} && printf '[modules]\\nautoload=no\\n' > /etc/asterisk/modules.conf`));
    try {
      await runTask(conn, 'service', { name: 'asterisk', state: 'stopped' });
      const { first } = await converge(conn, 'service', { name: 'asterisk', state: 'started' });
      expect(first.result).toMatchObject({ name: 'asterisk', state: 'started' });
      // the control socket appears shortly after the daemon forks
      await runTask(conn, 'wait_for', { path: '/var/run/asterisk/asterisk.ctl', timeout: 20, sleep: 0.5 });
      const version = await runTask(conn, 'asterisk_command', { command: 'core show version' });
      expect(version.changed).toBe(false);
      expect(String(version.result['stdout'])).toMatch(/^Asterisk 2\d\./);
      const checkMode = await runTask(conn, 'asterisk_command', { command: 'core show version' }, true);
      expect(checkMode.result['stdout']).toBe(version.result['stdout']);
      await expect(runTask(conn, 'asterisk_command', { command: 'sip show peers' })).rejects.toThrow('No such command');
      await converge(conn, 'service', { name: 'asterisk', state: 'stopped' });
      await expect(runTask(conn, 'asterisk_command', { command: 'core show version' })).rejects.toThrow('Unable to connect');
    } finally {
      await conn.exec(shText(`/etc/init.d/asterisk stop >/dev/null 2>&1; mv -f ${backup} /etc/asterisk/modules.conf`));
    }
  }, 120_000);

  it('wait_for: the ssh port is open, an unused one is not', async () => {
    const open = await runTask(conn, 'wait_for', { host: VIRTUAL3, port: 22, timeout: 5 });
    expect(open.result).toMatchObject({ port: 22, state: 'started' });
    await expect(runTask(conn, 'wait_for', { host: VIRTUAL3, port: 1, timeout: 1, sleep: 0.5 })).rejects.toThrow(`Timeout when waiting for ${VIRTUAL3}:1`);
  }, 30_000);
});

describe.skipIf(!enabled)('virt and qemu_img on kvmhost', () => {
  let conn: Connection;
  const image = '/var/lib/libvirt/images/play-sysmod-tiny.qcow2';
  // the recorded test domain without NIC and display: nothing on the shared network
  const xml = readFileSync(new URL('./data/tiny-domain.xml', import.meta.url), 'utf8')
    .replace(/\s*<interface[\s\S]*?<\/interface>/, '')
    .replace(/\s*<graphics[^>]*\/>/, '');
  beforeAll(async () => {
    conn = await connect(KVMHOST);
    await conn.exec(shText('virsh -c qemu:///system destroy play-sysmod-tiny >/dev/null 2>&1; virsh -c qemu:///system undefine play-sysmod-tiny >/dev/null 2>&1; rm -f ' + image));
  }, 30_000);
  afterAll(async () => {
    await conn?.exec(shText('virsh -c qemu:///system destroy play-sysmod-tiny >/dev/null 2>&1; virsh -c qemu:///system undefine play-sysmod-tiny >/dev/null 2>&1; rm -f ' + image)).catch(() => undefined);
    await conn?.close();
  });

  it('qemu_img creates once and reports the virtual size', async () => {
    const { first, second } = await converge(conn, 'qemu_img', { path: image, size: '16M', format: 'qcow2' });
    expect(first.result).toMatchObject({ virtual_size: 16 * 1024 * 1024 });
    expect(second.result).toMatchObject({ virtual_size: 16 * 1024 * 1024, format: 'qcow2' });
  }, 60_000);

  it('virt: define, start + autostart, destroy, undefine', async () => {
    const define = await converge(conn, 'virt', { command: 'define', xml });
    expect(define.first.result).toMatchObject({ created: 'play-sysmod-tiny' });
    const run = await converge(conn, 'virt', { name: 'play-sysmod-tiny', state: 'running', autostart: true });
    expect(run.second.result).toMatchObject({ status: 'running', autostart: true });
    // a memory change is seen field by field and redefines the persistent config
    const bigger = await runTask(conn, 'virt', { command: 'define', xml: xml.replace(/32</g, '48<') }, true);
    expect(bigger.plan.changes.map((c) => c.describe)).toEqual(['virsh define play-sysmod-tiny (memory: 32768 KiB → 49152 KiB; currentMemory: 32768 KiB → 49152 KiB)']);
    await converge(conn, 'virt', { name: 'play-sysmod-tiny', state: 'destroyed', autostart: false });
    await converge(conn, 'virt', { name: 'play-sysmod-tiny', command: 'undefine' });
    await converge(conn, 'qemu_img', { path: image, state: 'absent' });
  }, 120_000);
});
