/** qemu_img: create a disk image once (never resize or overwrite), or remove it. */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { factKey } from '../../facts/types.js';
import { qemuImageInfo } from '../../facts/virt.js';
import { astr, matching } from '../schema.js';
import { defineModule, factRead } from '../types.js';

const args = z.strictObject({
  path: matching(/^\//, 'path must be absolute'),
  size: astr().optional(),
  format: z.enum(['raw', 'qcow2', 'qcow', 'vmdk', 'vdi', 'qed']).default('qcow2'),
  state: z.enum(['present', 'absent']).default('present'),
});

/** qemu-img sizes: "35000M", "10G", "512k", plain bytes; binary multiples like qemu's. */
export function parseImageSize(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkKMGT]?)(?:i?B)?$/.exec(size.trim());
  if (!m) throw new ModuleError(`invalid image size '${size}'`, {}, { hint: 'use a number with an optional unit: 35000M, 10G, 512K' });
  const exp = { '': 0, b: 0, k: 1, K: 1, M: 2, G: 3, T: 4 }[m[2] ?? ''] ?? 0;
  return Math.round(Number(m[1]) * 1024 ** exp);
}

export const qemuImg = defineModule({
  name: 'qemu_img',
  description: 'Create (once) or remove a qemu disk image',
  args,
  remoteFacts: (a) => [factRead(qemuImageInfo, { path: a.path })],
  async plan(a, ctx) {
    const info = await ctx.fact(qemuImageInfo, { path: a.path });
    const key = factKey(qemuImageInfo, { path: a.path });
    if (a.state === 'absent') {
      const changes = info.exists ? [{ describe: `rm ${a.path}`, apply: { kind: 'exec' as const, command: sh`rm -f -- ${a.path}` }, effects: [{ kind: 'fact' as const, key, value: { exists: false } }, { kind: 'file' as const, path: a.path, state: { kind: 'missing' as const } }] }] : [];
      return { changes, result: { path: a.path, state: 'absent' } };
    }
    if (info.exists) {
      const wanted = a.size !== undefined ? parseImageSize(a.size) : undefined;
      if (wanted !== undefined && info.virtualSize !== undefined && wanted !== info.virtualSize) {
        ctx.warn(`${a.path} exists with virtual size ${info.virtualSize} bytes, not ${wanted}: images are never resized`);
      }
      if (info.format !== undefined && info.format !== a.format) ctx.warn(`${a.path} exists in format ${info.format}, not ${a.format}: images are never converted`);
      return { changes: [], result: { path: a.path, state: 'present', format: info.format, virtual_size: info.virtualSize } };
    }
    if (a.size === undefined) throw new ModuleError(`size is required to create ${a.path}`, { path: a.path });
    const bytes = parseImageSize(a.size);
    return {
      changes: [
        {
          describe: `qemu-img create -f ${a.format} ${a.path} ${a.size}`,
          apply: { kind: 'exec' as const, command: sh`qemu-img create -f ${a.format} ${a.path} ${String(bytes)} >/dev/null` },
          effects: [{ kind: 'fact' as const, key, value: { exists: true, format: a.format, virtualSize: bytes } }],
        },
      ],
      result: { path: a.path, state: 'present', format: a.format, virtual_size: bytes },
    };
  },
});
