/**
 * Hostile values through every place a module puts a value into a shell command: file names,
 * content, lines and argv, on the real local target. Content must round-trip byte for byte and
 * nothing embedded in a value may ever run (the canary file must never appear).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/modules/commands/command.js';
import { copy } from '../../src/modules/files/copy.js';
import { ensureContent } from '../../src/modules/files/ensure-content.js';
import { file } from '../../src/modules/files/file.js';
import { lineinfile } from '../../src/modules/files/lineinfile.js';
import { applyPlan, localContext, planWith } from './local-target.js';

let dir: string;
let canary: string;
let hostile: string[];

/** Small deterministic PRNG so a failure can be reproduced. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(count: number, canaryPath: string): string[] {
  const rnd = prng(20261122);
  const pieces = [
    ' ', "'", '"', "'\\''", `$(touch ${canaryPath})`, `\`touch ${canaryPath}\``, `; touch ${canaryPath}`, `&& touch ${canaryPath}`,
    `| touch ${canaryPath}`, '\n', '\t', '-', '--', '-rf', '*', '?', '[a-z]', '\\', '\\n', '$HOME', '${PATH}', '$1', '$$', '!',
    '#', '~', '&', '>', '<', '(', ')', '{', '}', '%s', '%%', '{mark}', 'é', '日本', '\u2028', '\r', 'x', 'abc', '.', '..', '=',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
    out.push(s);
  }
  return out;
}

/** A file name from a hostile string: no "/" or NUL, never "." or "..", unique, short enough. */
function nameFor(s: string, i: number): string {
  return `${i}${s.replace(/\//g, '_')}`.slice(0, 120);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'play-fuzz-'));
  canary = join(dir, 'CANARY');
  hostile = generate(1000, canary);
});
afterAll(async () => {
  expect(existsSync(canary)).toBe(false);
  await rm(dir, { recursive: true, force: true });
});

describe('hostile values never reach the shell unquoted', () => {
  it('copy: hostile names and content round-trip byte-exact (1000 cases)', async () => {
    const ctx = localContext({ diff: false });
    const rnd = prng(7);
    for (const [i, s] of hostile.entries()) {
      const dest = join(dir, 'copy', nameFor(s, i));
      if (i === 0) await applyPlan(await planWith(file, { path: join(dir, 'copy'), state: 'directory' }, ctx));
      // Every tenth case is raw bytes that are not UTF-8 at all.
      const content = i % 10 === 0 ? Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))) : Buffer.from(s, 'utf8');
      const plan = i % 10 === 0 ? await ensureContent(ctx, { dest, content }) : await planWith(copy, { content: s, dest }, ctx);
      await applyPlan(plan);
      expect((await readFile(dest)).equals(content), `case ${i}: ${JSON.stringify(s)}`).toBe(true);
    }
    expect(existsSync(canary)).toBe(false);
  }, 300_000);

  it('command argv: every word arrives as one argument (1000 cases)', async () => {
    const ctx = localContext();
    for (const [i, s] of hostile.entries()) {
      const [res] = await applyPlan(await planWith(command, { argv: ['printf', '%s', s] }, ctx));
      expect(res?.stdout, `case ${i}: ${JSON.stringify(s)}`).toBe(s);
    }
    expect(existsSync(canary)).toBe(false);
  }, 300_000);

  it('lineinfile: hostile lines and paths (200 cases)', async () => {
    const ctx = localContext({ diff: true });
    await applyPlan(await planWith(file, { path: join(dir, 'lines'), state: 'directory' }, ctx));
    for (const [i, raw] of hostile.slice(0, 200).entries()) {
      const line = raw.replace(/[\r\n\u2028]/g, ' ');
      const path = join(dir, 'lines', nameFor(raw, i));
      await applyPlan(await planWith(lineinfile, { path, line, create: true }, ctx));
      await applyPlan(await planWith(lineinfile, { path, line: `second ${line}` }, ctx));
      expect(await readFile(path, 'utf8'), `case ${i}`).toBe(`${line}\nsecond ${line}\n`);
      const again = await planWith(lineinfile, { path, line }, ctx);
      expect(again.changes).toHaveLength(0);
    }
    expect(existsSync(canary)).toBe(false);
  }, 300_000);

  it('file: hostile directory and link names (200 cases)', async () => {
    const ctx = localContext();
    for (const [i, s] of hostile.slice(300, 500).entries()) {
      const path = join(dir, 'dirs', nameFor(s, i), 'inner');
      await applyPlan(await planWith(file, { path, state: 'directory', mode: '0700' }, ctx));
      const link = join(dir, 'dirs', `link-${nameFor(s, i)}`);
      await applyPlan(await planWith(file, { src: path, path: link, state: 'link' }, ctx));
      expect((await planWith(file, { path, state: 'directory', mode: '0700' }, ctx)).changes).toHaveLength(0);
      expect((await planWith(file, { src: path, path: link, state: 'link' }, ctx)).changes).toHaveLength(0);
    }
    expect(existsSync(canary)).toBe(false);
  }, 300_000);
});
