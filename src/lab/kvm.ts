import { closeSync, openSync } from 'node:fs';

/**
 * Whether the lab's kvm hosts get /dev/kvm. Machines of one kind have it on some days and not on
 * others, so the lab looks: a node that exists but does not open (no kvm module, no nested
 * virtualization) is no KVM. PLAY_LAB_KVM=0 hides a working /dev/kvm, so the emulation path
 * (libvirt domain type "qemu", TCG) can be exercised on a machine that has KVM.
 */
export interface LabKvm {
  /** Give kvm hosts a /dev/kvm node. */
  available: boolean;
  /** Why, in words for progress output and `play lab status`. */
  reason: string;
}

const HIDE = new Set(['0', 'off', 'no', 'false']);

export function labKvm(env: NodeJS.ProcessEnv = process.env, device = '/dev/kvm'): LabKvm {
  const setting = (env['PLAY_LAB_KVM'] ?? '').trim().toLowerCase();
  if (HIDE.has(setting)) return { available: false, reason: `${device} hidden by PLAY_LAB_KVM=${setting}` };
  const opens = deviceOpens(device);
  if (opens === true) return { available: true, reason: `${device} opens` };
  return { available: false, reason: `${device} ${opens}` };
}

/** true, or why not ("is missing", "does not open: ENXIO"). */
function deviceOpens(device: string): true | string {
  try {
    closeSync(openSync(device, 'r'));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? 'is missing' : `does not open (${code})`;
  }
}
