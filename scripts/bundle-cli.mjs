// Bundles play's own compiled modules (dist/, from tsc) into dist/cli-bundle: one file for the
// command line plus chunks for what it loads lazily (the lab, the live view, serve…). Node 20
// resolves and reads every ES module on each start: about 300 of play's own cost more than a
// no-op run's work. Packages from node_modules stay outside (imported as usual); dist/ itself
// stays as tsc wrote it, for the tests and for any import of a single module.
// The bundle sits two levels under the repository, as dist/<dir>/<file>.js does, so the paths
// modules compute from their own location (package.json, inventory/, dist/serve/web) still hold.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'cli-bundle');
await rm(out, { recursive: true, force: true });
await build({
  entryPoints: { index: path.join(root, 'dist', 'cli', 'index.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  outdir: out,
  logLevel: 'warning',
});
