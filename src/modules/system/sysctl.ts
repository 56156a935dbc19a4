/**
 * sysctl: a key's value in a sysctl file (line edit through ensureContent) and, with
 * sysctl_set, in the running kernel via /proc/sys. Keys the running kernel lacks (net.bridge.*
 * before br_netfilter is loaded) fail clearly — or, with ignore_missing, only the file is managed.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { normalizeSysctlValue, sysctlLive, sysctlPath } from '../../facts/kernel.js';
import { factKey } from '../../facts/types.js';
import { ensureContent } from '../files/ensure-content.js';
import { abool, astr, matching } from '../schema.js';
import { parseBoolean } from '../../util/ansible-boolean.js';
import { defineModule, factRead, type Change } from '../types.js';
import { editSysctlFile } from './sysctl-file.js';

/** Ansible writes booleans as 1/0. */
const sysctlValue = z.preprocess((v) => {
  if (typeof v === 'boolean') return v ? '1' : '0';
  const asBoolean = typeof v === 'string' ? parseBoolean(v) : undefined;
  if (asBoolean !== undefined) return asBoolean ? '1' : '0';
  return v;
}, astr());

const args = z.strictObject({
  name: matching(/^[A-Za-z0-9_./*-]+$/, 'sysctl keys are letters, digits and ._/-'),
  value: sysctlValue.optional(),
  state: z.enum(['present', 'absent']).default('present'),
  sysctl_file: astr().default('/etc/sysctl.conf'),
  reload: abool().default(true),
  sysctl_set: abool().default(false),
  ignoreerrors: abool().default(false),
  ignore_missing: abool().default(false),
});

export const sysctl = defineModule({
  name: 'sysctl',
  description: 'Set a kernel parameter in a sysctl file and, optionally, in the running kernel',
  diff: 'sysctl file content',
  args,
  aliases: { name: ['key'], value: ['val'] },
  remotePaths: { args: ['sysctl_file'], content: true },
  remoteFacts: (a) => [factRead(sysctlLive, { name: a.name })],
  async plan(a, ctx) {
    if (a.state === 'present' && (a.value === undefined || a.value.trim() === '')) {
      throw new ModuleError(`value cannot be empty for key ${a.name} with state=present`, { name: a.name });
    }
    const value = a.state === 'present' ? (a.value ?? '').trim() : undefined;
    const live = await ctx.fact(sysctlLive, { name: a.name });
    const missing = a.state === 'present' && !live.exists;
    if (missing && !a.ignore_missing && !a.ignoreerrors) {
      throw new ModuleError(`key not present in the running kernel: ${a.name} (${sysctlPath(a.name)} does not exist)`, { name: a.name }, {
        hint: a.name.startsWith('net.bridge.')
          ? 'net.bridge.* keys exist only while br_netfilter is loaded (modprobe br_netfilter), or set ignore_missing: true to manage only the file'
          : 'load the kernel module that provides it, or set ignore_missing: true to manage only the file',
      });
    }

    const current = (await ctx.readFile(a.sysctl_file)) ?? null;
    const edit = editSysctlFile(current?.toString('utf8') ?? '', a.name, value);
    const fileUnchanged = current !== null ? edit.text === current.toString('utf8') : value === undefined;
    const changes: Change[] = [];
    const diffs = [];
    if (!fileUnchanged) {
      const plan = await ensureContent(ctx, { dest: a.sysctl_file, content: Buffer.from(edit.text, 'utf8'), current });
      changes.push(...plan.changes);
      diffs.push(...(plan.diffs ?? []));
    }

    const liveKey = factKey(sysctlLive, { name: a.name });
    const wantLive = value !== undefined && live.exists && normalizeSysctlValue(live.value ?? '') !== normalizeSysctlValue(value);
    if (a.sysctl_set && wantLive && value !== undefined) {
      changes.push({
        describe: `sysctl -w ${a.name}=${value}`,
        apply: { kind: 'exec', command: sh`sysctl -w ${`${a.name}=${value}`}` },
        effects: [{ kind: 'fact', key: liveKey, value: { exists: true, value } }],
      });
    } else if (a.reload && !fileUnchanged) {
      // -e: keys of the file the kernel lacks are skipped instead of failing the whole reload
      const e = missing || a.ignoreerrors ? '-e ' : '';
      changes.push({
        describe: `sysctl ${e}-p ${a.sysctl_file}`,
        apply: { kind: 'exec', command: sh`sysctl ${{ raw: e }}-p ${a.sysctl_file} >/dev/null` },
        effects: value !== undefined && live.exists ? [{ kind: 'fact', key: liveKey, value: { exists: true, value } }] : [],
      });
    }
    const result: Record<string, unknown> = { name: a.name, value: value ?? null, state: a.state, sysctl_file: a.sysctl_file };
    const msg = missing ? `key not present in the running kernel: ${a.name} (module not loaded); ${fileUnchanged ? 'file already up to date' : 'file updated'}` : undefined;
    if (missing) ctx.warn(msg ?? '');
    return { changes, diffs: diffs.length ? diffs : undefined, result, msg };
  },
});
