/**
 * `play test` on the lab machine: fresh namespace hosts on 127.0.14.x, converge, converge again
 * (changed=0), verify, destroy — for one role and for every role at once — and nothing of the
 * fresh hosts is left running afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labStatus } from '../../src/lab/index.js';
import { labTestsEnabled } from './lab-support.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'play.js');

function playTest(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'test', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 1_200_000, env: { ...process.env, ...env } });
  return { code: r.status, stderr: r.stderr };
}

async function nothingLeft(prefix: string): Promise<void> {
  expect((await labStatus()).filter((s) => s.name.startsWith(prefix))).toEqual([]);
  expect(execFileSync('ss', ['-ltnH'], { encoding: 'utf8' })).not.toMatch(/127\.0\.14\.\d+:(22|80|5060) /);
}

const steps = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('[test ')).map((l) => l.replace(/ \(\d+\.\d s\)$/, ''));

describe.runIf(labTestsEnabled)('play test', () => {
  // Emulation on every machine: the fresh kvm host gets no /dev/kvm, so its guests must be
  // domains of type qemu (verify checks the type); the shared lab takes the KVM path where the
  // machine has KVM.
  it('runs every role on one fresh host set without KVM: check, converge, idempotence, verify, destroy', async () => {
    const started = Date.now();
    const r = playTest(['--all'], { PLAY_LAB_KVM: '0' });
    process.stderr.write(`play test --all: ${((Date.now() - started) / 1000).toFixed(1)} s\n${steps(r.stderr).join('\n')}\n`);
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    const s = steps(r.stderr);
    expect(s.some((l) => /converge: changed .*spa303-phone=\d/.test(l)), 'a fresh phone is configured').toBe(true);
    expect(s).toContain('[test all] t-all-kvmhost: no KVM, guests run under emulation (/dev/kvm hidden by PLAY_LAB_KVM=0)');
    // exact check mode on fresh hosts, libvirtd not yet running on the kvm host
    expect(s.some((l) => /^\[test all\] check: predicted the converge's [1-9]\d* changes exactly$/.test(l))).toBe(true);
    expect(s).toContain('[test all] idempotence: changed=0');
    expect(s.some((l) => l.startsWith('[test all] verify kvm-host, bridge, dahdi, asterisk-host, elastix-guest, trunk-mesh, spa303-phone: ok'))).toBe(true);
    await nothingLeft('t-all-');
  }, 1_200_000);

  it('runs one role after preparing the others', async () => {
    const r = playTest(['trunk-mesh']);
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    const s = steps(r.stderr);
    expect(s[0]).toMatch(/^\[test trunk-mesh\] create t-trunk-mesh-kvmhost 127\.0\.14\.\d+/);
    expect(s.some((l) => l.startsWith('[test trunk-mesh] prepare (kvm-host, bridge, dahdi, asterisk-host, elastix-guest):'))).toBe(true);
    expect(s.some((l) => /^\[test trunk-mesh\] check: predicted the converge's [1-9]\d* changes exactly$/.test(l))).toBe(true);
    expect(s.some((l) => /converge: changed trunk-mesh=\d+$/.test(l))).toBe(true);
    expect(s).toContain('[test trunk-mesh] idempotence: changed=0');
    expect(s.some((l) => l.startsWith('[test trunk-mesh] side effect (spa303-phone):'))).toBe(true);
    expect(s).toContain('[test trunk-mesh] verify trunk-mesh: ok');
    await nothingLeft('t-trunk-mesh-');
  }, 1_200_000);

  it('refuses a role site.yml does not have', () => {
    const r = playTest(['no-such-role']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-role is not a role of site\.yml/);
  });
});
