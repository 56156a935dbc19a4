import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProfileEntry } from '../protocol/spa303/flat-profile.js';
import { PARAMS_BY_NAME, PASSWORD_MASK, SPA303_PARAMS, factoryDefaults } from './params.js';

/**
 * The emulated phone's memory: parameter values, persisted as JSON so a restarted emulator keeps
 * its configuration (like the phone's flash), plus the reboot window.
 */
export class Spa303Device {
  private rebootUntil = 0;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly values: Record<string, string>,
    private readonly statePath: string | undefined,
    private readonly rebootMs: number,
  ) {}

  /**
   * Loads the saved configuration, or starts from factory defaults. `adminPassword` is the
   * factory admin password: it only applies when there is no saved state yet.
   */
  static async open(opts: { statePath?: string | undefined; adminPassword?: string | undefined; rebootMs: number }): Promise<Spa303Device> {
    const values = factoryDefaults();
    const saved = opts.statePath ? await readState(opts.statePath) : undefined;
    if (saved) {
      for (const [k, v] of Object.entries(saved)) if (PARAMS_BY_NAME.has(k) && typeof v === 'string') values[k] = v;
    } else if (opts.adminPassword !== undefined) values.Admin_Passwd = opts.adminPassword;
    const device = new Spa303Device(values, opts.statePath, opts.rebootMs);
    if (!saved) await device.save();
    return device;
  }

  get adminPassword(): string {
    return this.values.Admin_Passwd ?? '';
  }

  /** Raw values (passwords in clear): what the device holds. */
  snapshot(): Record<string, string> {
    return { ...this.values };
  }

  /** What spacfg.xml reports: every parameter, set passwords masked. */
  report(): ProfileEntry[] {
    return SPA303_PARAMS.map((p) => {
      const v = this.values[p.name] ?? '';
      return { name: p.name, group: p.group, value: p.password && v !== '' ? PASSWORD_MASK : v };
    });
  }

  /**
   * Applies a loaded profile: known parameters only, later duplicates winning, everything not
   * mentioned left as it is. Returns the names that changed and whether that restarted the phone.
   */
  async apply(entries: readonly ProfileEntry[]): Promise<{ changed: string[]; reboot: boolean }> {
    const changed = new Set<string>();
    let reboot = false;
    for (const e of entries) {
      const spec = PARAMS_BY_NAME.get(e.name);
      if (!spec || this.values[e.name] === e.value) continue;
      this.values[e.name] = e.value;
      changed.add(e.name);
      if (spec.reboot) reboot = true;
    }
    // the restart starts before the save finishes, so nobody reads the new values "before" it
    if (reboot) this.reboot();
    if (changed.size) await this.save();
    return { changed: [...changed], reboot };
  }

  isRebooting(now = Date.now()): boolean {
    return now < this.rebootUntil;
  }

  reboot(now = Date.now()): void {
    this.rebootUntil = now + this.rebootMs;
  }

  private save(): Promise<void> {
    const path = this.statePath;
    if (!path) return Promise.resolve();
    const text = JSON.stringify({ version: 1, params: this.values }, null, 2) + '\n';
    // writes are chained and atomic (temp file + rename): a crash never leaves half a config
    this.saving = this.saving.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, path);
    });
    return this.saving;
  }

  flush(): Promise<void> {
    return this.saving;
  }
}

async function readState(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed: unknown = JSON.parse(text);
  const params = parsed && typeof parsed === 'object' ? (parsed as { params?: unknown }).params : undefined;
  if (!params || typeof params !== 'object') throw new Error(`${path}: not an SPA303 emulator state file`);
  return params as Record<string, unknown>;
}
