import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
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

const ROOT = path.resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Suites that start `bin/play.js` (the serve, lab, terminal and pipe tests) run the compiled
 * code: it is built here once, before any of them starts, when a source is newer than the build.
 * Building inside a suite instead would rewrite dist/ while other suites run it.
 */
function buildIfStale(): void {
  let built = 0;
  try {
    built = Math.min(...['cli/index.js', 'serve/web/app.js', 'cli-bundle/index.js'].map((f) => statSync(path.join(ROOT, 'dist', f)).mtimeMs));
  } catch {
    // never built
  }
  const sources = Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'scripts')));
  if (sources > built) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  buildIfStale();
  const why = canRunLab();
  if (why) {
    if (process.env.CI) throw new Error(`the lab suites must run under CI, but: ${why}`);
    process.stderr.write(`[lab] lab suites skipped: ${why}\n`);
    process.env.PLAY_LAB = '0';
    return undefined;
  }
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
