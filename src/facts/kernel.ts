import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

/** The running kernel's value of a sysctl key; exists=false when /proc/sys has no such key. */
export interface SysctlLive {
  exists: boolean;
  value: string | null;
}

/** "net.ipv4.ip_forward" → "/proc/sys/net/ipv4/ip_forward" ("a/b/c" names are paths already). */
export function sysctlPath(name: string): string {
  return `/proc/sys/${name.includes('/') ? name.replace(/^\/+/, '') : name.replace(/\./g, '/')}`;
}

export const sysctlLive: ShellFact<{ name: string }, SysctlLive> = {
  name: 'sysctl.live',
  // a key of the running kernel whose value is unknown: nothing is warned about, every write planned
  offline: () => ({ exists: true, value: null }),
  command: ({ name }) => sh`p=${sysctlPath(name)}; if [ -e "$p" ]; then echo present; cat -- "$p"; else echo missing; fi`,
  parse: (result, { name }) => {
    if (result.rc !== 0) throw new Error(`cannot read sysctl ${name}: ${result.stderr.trim() || `exit ${result.rc}`}`);
    return parseSysctlLive(result.stdout);
  },
};

export function parseSysctlLive(stdout: string): SysctlLive {
  const nl = stdout.indexOf('\n');
  const head = nl < 0 ? stdout : stdout.slice(0, nl);
  if (head !== 'present') return { exists: false, value: null };
  return { exists: true, value: stdout.slice(nl + 1).replace(/\n$/, '') };
}

/** sysctl values compare as words: the kernel separates them with tabs, people with spaces. */
export function normalizeSysctlValue(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

/** Loaded and built-in kernel modules. `known` is false when /proc/modules is unreadable. */
export interface KernelModules {
  known: boolean;
  loaded: string[];
  builtin: string[];
}

export const kernelModules: ShellFact<Record<string, never>, KernelModules> = {
  name: 'kernel.modules',
  offline: () => ({ known: false, loaded: [], builtin: [] }),
  command: () =>
    sh`if [ -r /proc/modules ]; then echo '#loaded'; cut -d' ' -f1 /proc/modules; else echo '#unknown'; fi; b=/lib/modules/$(uname -r)/modules.builtin; if [ -r "$b" ]; then echo '#builtin'; sed -e 's|.*/||' -e 's|\\.ko.*$||' "$b"; fi; true`,
  parse: (result) => parseKernelModules(result.stdout),
};

/** Module names use "_" and "-" interchangeably (modprobe does the same). */
export function moduleName(name: string): string {
  return name.replace(/-/g, '_');
}

export function parseKernelModules(stdout: string): KernelModules {
  const out: KernelModules = { known: false, loaded: [], builtin: [] };
  let section: 'loaded' | 'builtin' | undefined;
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (t === '#loaded') {
      out.known = true;
      section = 'loaded';
    } else if (t === '#builtin') section = 'builtin';
    else if (t === '#unknown') section = undefined;
    else if (t && section) out[section].push(moduleName(t));
  }
  return out;
}
