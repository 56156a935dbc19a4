import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlayError } from '../errors.js';
import type { LabPaths, LabService } from '../lab/hosts.js';
import { spa303Address } from '../lab/lab-inventory.js';
import { spawnDetached } from '../lab/service.js';

export interface Spa303ServiceOptions {
  /** The lab's name of the phone (its state and log live under it). */
  name?: string;
  address?: string;
  port?: number;
  /** Factory admin password of a fresh phone (handed over in the environment, not argv). */
  adminPassword?: string;
}

/** Where the emulator keeps the phone's configuration between lab restarts. */
export function spa303StatePath(paths: LabPaths, name = 'spa303'): string {
  return join(paths.root, name, 'state.json');
}

/**
 * The lab's SPA303: a detached node process running the emulator's entry script on
 * 127.0.10.110:80 (the thesis' 192.168.0.110 moved to loopback).
 */
export function spa303LabService(paths: LabPaths, opts: Spa303ServiceOptions = {}): LabService {
  const address = opts.address ?? spa303Address();
  const port = opts.port ?? 80;
  const name = opts.name ?? 'spa303';
  return {
    name,
    address,
    port,
    stateDir: dirname(spa303StatePath(paths, name)),
    async start({ logFile }) {
      // next to this file when running compiled; from the sources (tests), the build output
      const candidates = [new URL('./main.js', import.meta.url), new URL('../../dist/spa303/main.js', import.meta.url)].map((u) => fileURLToPath(u));
      const script = candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
      if (!existsSync(script)) {
        throw new PlayError('LAB_START_FAILED', `the SPA303 emulator script ${script} is missing`, {
          hint: 'build the project first (npm run build): the lab runs the compiled emulator',
        });
      }
      const argv = [process.execPath, script, '--address', address, '--port', String(port), '--state', spa303StatePath(paths, name)];
      const env = { ...process.env };
      if (opts.adminPassword !== undefined) env.SPA303_ADMIN_PASSWORD = opts.adminPassword;
      return spawnDetached(argv, logFile, env);
    },
  };
}
