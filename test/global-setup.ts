import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { labDown, labPaths, labStatus, labUp } from '../src/lab/index.js';
import { spa303LabService } from '../src/spa303/service.js';

/**
 * Brings the local lab up for the suites that need real hosts (SSH, Asterisk, libvirt), and
 * takes it down afterwards if this run started it, so `npm test` leaves nothing running.
 * Needs root and debootstrap; without them the lab suites are skipped, except under CI, where
 * a missing lab is an error (.ci/run installs what it needs).
 */
function canRunLab(): string | undefined {
  if (process.env.PLAY_LAB === '0') return 'PLAY_LAB=0';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('sh', ['-c', 'command -v debootstrap && command -v unshare'], { stdio: 'ignore' });
  } catch {
    return 'debootstrap or unshare missing';
  }
  return undefined;
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const why = canRunLab();
  if (why) {
    if (process.env.CI) throw new Error(`the lab suites must run under CI, but: ${why}`);
    process.stderr.write(`[lab] lab suites skipped: ${why}\n`);
    process.env.PLAY_LAB = '0';
    return undefined;
  }
  // the lab runs the compiled SPA303 emulator
  if (!existsSync(new URL('../dist/spa303/main.js', import.meta.url))) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const before = await labStatus();
  const wasUp = before.length > 0 && before.every((h) => h.up);
  const started = Date.now();
  await labUp({ startLibvirt: true, services: [spa303LabService(labPaths())], onProgress: (s) => process.stderr.write(`[lab] ${s}\n`) });
  process.stderr.write(`[lab] up in ${((Date.now() - started) / 1000).toFixed(1)} s${wasUp ? ' (already running: left up afterwards)' : ''}\n`);
  process.env.PLAY_LAB = '1';
  return async () => {
    if (!wasUp) await labDown();
  };
}
