// Bundles the dashboard's front end (src/serve/web) with its charting library into
// dist/serve/web: no CDN, nothing fetched at run time, so it works offline.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'serve', 'web');
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: path.join(root, 'src', 'serve', 'web', 'main.ts') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  outdir: out,
  logLevel: 'warning',
});
await copyFile(path.join(root, 'src', 'serve', 'web', 'index.html'), path.join(out, 'index.html'));
