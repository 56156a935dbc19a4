#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundle (scripts/bundle-cli.mjs) starts faster; a bundle older than the modules tsc wrote
// (a build that ran tsc only) is stale and not used.
const dist = new URL('../dist/', import.meta.url);
const mtime = (file) => statSync(new URL(file, dist), { throwIfNoEntry: false })?.mtimeMs;
const bundled = mtime('cli-bundle/index.js');
const compiled = mtime('cli/index.js');
await import(bundled !== undefined && compiled !== undefined && bundled >= compiled ? '../dist/cli-bundle/index.js' : '../dist/cli/index.js');
