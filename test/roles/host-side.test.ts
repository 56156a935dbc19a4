/**
 * The host-side roles (kvm-host, bridge, dahdi, asterisk-host) through test/roles/fixtures/host-side.yml:
 * the legacy flavour rendered from inventory/thesis against golden files, the modern flavour
 * rendered from a fixture inventory, the roles' refusals, and (PLAY_LAB=1) convergence on the
 * lab's kvmhost.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunCliOptions } from '../../src/cli/commands/run.js';
import type { Io } from '../../src/cli/reporters.js';
import { PlayError } from '../../src/errors.js';
import { labTestsEnabled, runCli, sshRun } from '../lab/lab-support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PLAYBOOK = path.join(ROOT, 'test/roles/fixtures/host-side.yml');
const THESIS = path.join(ROOT, 'inventory/thesis');
const MODERN = path.join(ROOT, 'test/roles/fixtures/modern/hosts.yml');
const LAB = path.join(ROOT, 'inventory/lab.yml');
const KVMHOST = '127.0.10.153';

interface Result {
  event: 'result';
  task: string;
  role: string | null;
  host: string;
  item: unknown;
  status: string;
  changed: boolean;
  msg: string | null;
}

interface Run {
  code: number;
  stderr: string;
  results: Result[];
  recap: Record<string, Record<string, number>>;
}

/** `play run` in-process with --json, like the CLI's error boundary. */
async function play(o: RunCliOptions): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  let code: number;
  try {
    code = await runCommand([PLAYBOOK], { json: true, ...o }, io);
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    stderr += `ERROR! ${err.describe()}\n`;
    code = err.exitCode;
  }
  const lines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const results = lines.filter((l) => l.event === 'result') as unknown as Result[];
  const recap = (lines.find((l) => l.event === 'recap')?.hosts ?? {}) as Record<string, Record<string, number>>;
  return { code, stderr, results, recap };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function failures(run: Run): string[] {
  return run.results.filter((r) => r.status === 'failed').map((r) => `${r.task}: ${r.msg ?? ''}`);
}

/** "role : task [item]" of every changed result: what a run did, comparable between runs. */
function changedSet(run: Run): string[] {
  return run.results.filter((r) => r.changed).map((r) => `${r.task}${r.item === null ? '' : ` [${JSON.stringify(r.item)}]`}`).sort();
}

const tmpDirs: string[] = [];
async function renderDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-host-side-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

describe('host-side roles, legacy flavour (inventory/thesis rendered offline)', () => {
  let out: string;
  let run: Run;
  beforeAll(async () => {
    out = await renderDir();
    // The thesis' 2 GB server does not meet its own 1.5 GB host reserve: rendering only warns.
    run = await play({ inventory: [THESIS], render: out });
  }, 60_000);

  it('renders without failures', () => {
    expect(failures(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('warns that the thesis server overruns the memory budget', () => {
    const warn = run.results.find((r) => r.task === "kvm-host : Warn about a memory budget overrun");
    expect(warn?.status).toBe('ok');
    expect(warn?.msg).toContain('900 MB + host reserve 1536 MB exceed');
  });

  it('fails the memory budget clearly when it is enforced', async () => {
    const strict = await play({ inventory: [THESIS], render: await renderDir(), extraVars: ['kvm_memory_budget=fail'] });
    expect(strict.code).toBe(2);
    expect(failures(strict).join('\n')).toMatch(/kvmhost has 2048 MB of memory, but its 3 guests need 900 MB plus 1536 MB/);
  });
});

describe('host-side roles, modern flavour (fixture inventory rendered offline)', () => {
  let out: string;
  let run: Run;
  const file = (rel: string) => readFile(path.join(out, 'kvmhost', rel), 'utf8');
  beforeAll(async () => {
    out = await renderDir();
    run = await play({ inventory: [MODERN], render: out });
  }, 60_000);

  it('renders without failures and says the bridge and dahdi_cfg are skipped', () => {
    expect(failures(run)).toEqual([]);
    const msgs = run.results.map((r) => r.msg ?? '').join('\n');
    expect(msgs).toContain('bridge br0 is not applied in the lab (bridge_apply: false)');
    expect(msgs).toContain('no DAHDI hardware (/dev/dahdi/ctl missing): dahdi_cfg skipped');
  });

  it('writes the modern files and no chan_sip ones', async () => {
    const files = await filesUnder(path.join(out, 'kvmhost'));
    expect(files).toEqual(expect.arrayContaining([
      'etc/asterisk/pjsip.conf', 'etc/asterisk/extensions.conf', 'etc/asterisk/iax.conf', 'etc/asterisk/manager.conf',
      'etc/asterisk/modules.conf', 'etc/network/interfaces.d/br0', 'etc/sysctl.d/99-bridge.conf', 'etc/dahdi/system.conf',
    ]));
    expect(files).not.toContain('etc/asterisk/sip.conf');
    expect(files.some((f) => f.startsWith('etc/sysconfig/'))).toBe(false);
  });

  it('binds PJSIP and IAX2 to the host address and gives every peer an endpoint, auth and aor', async () => {
    const pjsip = await file('etc/asterisk/pjsip.conf');
    expect(pjsip).toContain('bind=127.0.10.153:5060');
    for (const peer of ['7001', '7002', '7003', '7004', '7005']) {
      expect(pjsip).toContain(`[${peer}](peer-defaults)`);
      expect(pjsip.match(new RegExp(`^\\[${peer}\\]$`, 'gm'))).toHaveLength(2); // auth + aor
    }
    expect(pjsip).toMatch(/\[7003\]\(peer-defaults\)[^[]*device_state_busy_at=20/);
    expect(pjsip).toMatch(/\[7004\]\(peer-defaults\)[^[]*subscribe_context=tesis/);
    expect(pjsip).toContain('dtmf_mode=rfc4733');
    expect(pjsip).not.toContain('0.0.0.0');
    const iax = await file('etc/asterisk/iax.conf');
    expect(iax.indexOf('bindport=4569')).toBeLessThan(iax.indexOf('bindaddr=127.0.10.153'));
    expect(await file('etc/asterisk/manager.conf')).toContain('enabled=no');
    expect(await file('etc/asterisk/modules.conf')).toContain('noload => chan_dahdi.so');
  });

  it('renders the dialplan with Gosub and PJSIP, never Macro or SIP/', async () => {
    const ext = await file('etc/asterisk/extensions.conf');
    expect(ext).toContain('exten => 7001,1,Gosub(sub-novoicemail,s,1(PJSIP/7001))');
    expect(ext).toContain('exten => 7000,1,Gosub(sub-voicemail,s,1(PJSIP/7000,7000))');
    expect(ext).toContain('Dial(PJSIP/${EXTEN}@voipcheap,60,r)');
    expect(ext).not.toMatch(/Macro\(|(?<!PJ)SIP\/|n\+101/);
  });

  it('writes the ifupdown bridge stanza', async () => {
    expect(await file('etc/network/interfaces.d/br0')).toMatch(/iface br0 inet static\n {4}address 127\.0\.10\.153\n[\s\S]*bridge_ports eth0/);
  });

  it('refuses a host without hardware virtualization, with the way out', async () => {
    const noVt = await play({
      inventory: [MODERN],
      render: await renderDir(),
      extraVars: ['{"play_offline_facts": {"os_family": "Debian", "pkg_mgr": "apt", "memtotal_mb": 8192, "virtualization_cpu_flag": null, "kvm_device": false}}'],
    });
    expect(noVt.code).toBe(2);
    expect(failures(noVt).join('\n')).toMatch(/no vmx or svm flag in \/proc\/cpuinfo\) and \/dev\/kvm is missing[\s\S]*kvm_allow_emulation: true/);
  });

  it('names a /dev/kvm that is there but does not open', async () => {
    const noModule = await play({
      inventory: [MODERN],
      render: await renderDir(),
      extraVars: ['{"play_offline_facts": {"os_family": "Debian", "pkg_mgr": "apt", "memtotal_mb": 8192, "virtualization_cpu_flag": null, "kvm_device": false, "kvm_device_node": true}}'],
    });
    expect(noModule.code).toBe(2);
    expect(failures(noModule).join('\n')).toMatch(/\/dev\/kvm is present but does not open/);
  });

  it('accepts a host without KVM where emulation is allowed', async () => {
    const emulated = await play({
      inventory: [MODERN],
      render: await renderDir(),
      extraVars: [
        '{"play_offline_facts": {"os_family": "Debian", "pkg_mgr": "apt", "memtotal_mb": 8192, "virtualization_cpu_flag": null, "kvm_device": false}}',
        'kvm_allow_emulation=true',
      ],
    });
    expect(failures(emulated)).toEqual([]);
    expect(emulated.code).toBe(0);
  });
});

describe.runIf(labTestsEnabled)('host-side roles on the lab kvmhost', () => {
  let check: Run;
  let first: Run;
  let second: Run;
  beforeAll(async () => {
    expect(await runCli(['reset', '-q', 'kvmhost'])).toBe(0);
    expect(await runCli(['up', '--libvirt', '-q'])).toBe(0);
    check = await play({ inventory: [LAB], check: true });
    first = await play({ inventory: [LAB] });
    second = await play({ inventory: [LAB] });
  }, 600_000);

  it('converges without failures, then changes nothing', () => {
    expect(failures(first)).toEqual([]);
    expect(first.recap['kvmhost']?.['failed']).toBe(0);
    expect(changedSet(first).length).toBeGreaterThan(0);
    expect(changedSet(second)).toEqual([]);
    expect(second.recap['kvmhost']?.['changed']).toBe(0);
  });

  it('predicts the first run exactly in check mode', () => {
    expect(failures(check)).toEqual([]);
    expect(changedSet(check)).toEqual(changedSet(first));
  });

  it('runs Asterisk with the PJSIP peers 7001–7005 on the host address', async () => {
    const endpoints = await sshRun(KVMHOST, "asterisk -rx 'pjsip show endpoints'");
    for (const peer of ['7001', '7002', '7003', '7004', '7005']) expect(endpoints.stdout).toMatch(new RegExp(`Endpoint:\\s+${peer}\\b`));
    expect(endpoints.stdout).toContain(`${KVMHOST}:5060`);
    const dialplan = await sshRun(KVMHOST, "asterisk -rx 'dialplan show tesis'");
    expect(dialplan.stdout).toContain("Include =>        'usuarios-tesis'");
  });

  it('has libvirtd answering virsh', async () => {
    const virsh = await sshRun(KVMHOST, 'virsh -c qemu:///system list --all');
    expect(virsh.rc).toBe(0);
    expect(virsh.stdout).toMatch(/Id\s+Name\s+State/);
  });

  it('never touches the machine network: no br0, and the files are only written', async () => {
    const r = await sshRun(KVMHOST, 'ip link show br0 >/dev/null 2>&1 && echo has-br0; cat /etc/sysctl.d/99-bridge.conf');
    expect(r.stdout).not.toContain('has-br0');
    expect(r.stdout).toContain('net.bridge.bridge-nf-call-iptables=0');
  });
});
