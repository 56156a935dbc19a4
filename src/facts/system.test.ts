import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { LocalConnection } from '../connection/local.js';
import { gatherFacts } from './system.js';

describe('gather facts (run on this machine)', () => {
  it('reports what the machine says about itself', async () => {
    const facts = gatherFacts.parse(await new LocalConnection().exec(gatherFacts.command({})), {});
    expect(facts).toMatchObject({
      kernel: os.release(),
      system: 'Linux',
      architecture: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(),
      nodename: os.hostname(),
      processor_vcpus: os.cpus().length,
      memtotal_mb: Math.floor(os.totalmem() / 2 ** 20),
      user_uid: process.getuid?.(),
      user_id: os.userInfo().username,
    });
    expect(Math.abs(Number(facts.date_time && (facts.date_time as { epoch: string }).epoch) - Date.now() / 1000)).toBeLessThan(60);
  });
});

/** The gather script in a private mount namespace whose /dev holds only the given kvm node. */
function gatherWithKvmNode(node: 'none' | 'unbound' | 'real'): Record<string, unknown> {
  const mk = node === 'real' ? 'mknod /dev/kvm c 10 232' : node === 'unbound' ? 'mknod /dev/kvm c 10 250' : ':';
  const script = gatherFacts.command({}).render();
  const out = execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs tmpfs /dev && mknod /dev/null c 1 3 && ${mk} && ${script}`], { encoding: 'utf8' });
  return gatherFacts.parse({ rc: 0, stdout: out, stderr: '', stdoutBytes: Buffer.from(out) }, {});
}

const machineKvmOpens = ((): boolean => {
  try {
    closeSync(openSync('/dev/kvm', 'r'));
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(process.getuid?.() === 0)('the KVM facts', () => {
  it('say whether /dev/kvm exists and whether it opens', () => {
    expect(gatherWithKvmNode('none')).toMatchObject({ kvm_device: false, kvm_device_node: false });
    // a node with no driver behind it (ENXIO): present, but not KVM
    expect(gatherWithKvmNode('unbound')).toMatchObject({ kvm_device: false, kvm_device_node: true });
    expect(gatherWithKvmNode('real')).toMatchObject({ kvm_device: machineKvmOpens, kvm_device_node: true });
  });
});
