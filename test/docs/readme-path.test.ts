import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The README's quick start goes in the order a newcomer needs it: install, start the lab, build
 * the VoIP lab, verify it, break and repair it; it says how to get a `play` command, and where
 * `npm test` is given, that as root it uses (and may take down) the shared lab.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function section(title: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has no "## ${title}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it('quick start: install → play lab up → play run site.yml → play verify → break and repair', async () => {
    const text = await section('Quick start');
    const steps = ['npm ci', 'lab up', 'play run site.yml\n', 'play verify\n', 'play lab break', 'play verify --limit'];
    const at = steps.map((s) => text.indexOf(s));
    steps.forEach((s, i) => expect(at[i], `"${s}" is missing`).toBeGreaterThan(0));
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('says how to get a play command on PATH, and why npx play is slow', async () => {
    const text = await section('Quick start');
    expect(text).toContain('npm link');
    expect(text).toContain('node bin/play.js');
    expect(text).toMatch(/npx play[\s\S]*prepare/);
  });

  it('says where npm test is given that as root it brings up the shared lab and may take it down', async () => {
    const text = await section('Tests');
    expect(text).toMatch(/As root, `npm test` uses the shared\s+local lab/);
    expect(text).toMatch(/takes the lab down at the end/);
    expect(text).toContain('PLAY_LAB=0 npm test');
  });
});
