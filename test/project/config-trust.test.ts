import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.js';
import { loadConfig } from '../../src/project/config.js';
import type { Io } from '../../src/cli/reporters.js';
import { PlayError } from '../../src/errors.js';

/**
 * A play.config.yml is code (its vault_password_file may be a script play runs), so only a
 * trusted one is used, and only the project's own: the search stops at the project's root.
 * The attack: another user plants /tmp/x/play.config.yml naming a script, and a victim runs play
 * in /tmp/x/victim/project. Here "another user" is nobody (uid 65534), which needs root.
 */
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'play-config-trust-'));
  await chmod(base, 0o755);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const at = (...parts: string[]): string => path.join(base, ...parts);

/** A config naming a password script that leaves a marker when it runs. */
async function plantConfig(dir: string): Promise<{ config: string; marker: string }> {
  await mkdir(dir, { recursive: true });
  const marker = path.join(dir, 'script-ran');
  await writeFile(path.join(dir, 'pw.sh'), `#!/bin/sh\necho ran >> '${marker}'\necho pw\n`, { mode: 0o755 });
  const config = path.join(dir, 'play.config.yml');
  await writeFile(config, 'vault_password_file: pw.sh\ninventory: hosts.ini\n', { mode: 0o644 });
  return { config, marker };
}

/** `play run site.yml` started in `cwd`, as the CLI's error boundary reports it. */
async function runIn(cwd: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: Io = { stdout: { write: () => undefined }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await runCommand(['site.yml'], { json: true, inventory: ['localhost,'] }, io), stderr };
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    return { code: err.exitCode, stderr: `${stderr}ERROR! ${err.describe()}\n` };
  } finally {
    process.chdir(before);
  }
}

async function victimProject(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'site.yml'), '- hosts: localhost\n  gather_facts: false\n  connection: local\n  tasks:\n    - debug: { msg: hi }\n');
  return dir;
}

describe('which play.config.yml is trusted', () => {
  it('uses its own config, writable only by its owner (control)', async () => {
    const { config, marker } = await plantConfig(at('proj'));
    const cfg = await loadConfig(at('proj', 'sub'));
    expect(cfg.dir).toBe(at('proj'));
    expect(cfg.vaultPasswordFile).toBe(at('proj', 'pw.sh'));
    expect(config).toBe(at('proj', 'play.config.yml'));
    expect(existsSync(marker)).toBe(false); // loading the config runs nothing
  });

  it('refuses a world-writable config, naming the file, its mode and a hint', async () => {
    const { config } = await plantConfig(at('proj'));
    await chmod(config, 0o666);
    const err = (await loadConfig(at('proj')).catch((e: unknown) => e)) as PlayError;
    expect(err).toBeInstanceOf(PlayError);
    expect(err.code).toBe('CONFIG_UNTRUSTED');
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(config);
    expect(err.message).toMatch(/writable by everyone \(mode 0666/);
    expect(err.hint).toMatch(/chmod go-w/);
  });

  it('refuses a group-writable config and a config in a world-writable directory', async () => {
    const { config } = await plantConfig(at('proj'));
    await chmod(config, 0o664);
    await expect(loadConfig(at('proj'))).rejects.toThrow(/writable by its group \(mode 0664/);
    await chmod(config, 0o644);
    await chmod(at('proj'), 0o777);
    await expect(loadConfig(at('proj'))).rejects.toThrow(new RegExp(`its directory ${at('proj')} is writable by everyone`));
  });

  it.runIf(isRoot)('refuses a config owned by another user (chown nobody)', async () => {
    const { config } = await plantConfig(at('proj'));
    await chown(config, NOBODY, NOBODY);
    await expect(loadConfig(at('proj'))).rejects.toThrow(new RegExp(`refusing to use ${config}: it is owned by uid ${NOBODY} \\(mode 0644\\), neither you \\(uid 0\\) nor root`));
  });

  it.runIf(isRoot)('the planted parent config: refused, its password script never runs', async () => {
    // /tmp/x belongs to the attacker, and so does the config and its script
    const { config, marker } = await plantConfig(at('x'));
    for (const f of [at('x'), config, at('x', 'pw.sh')]) await chown(f, NOBODY, NOBODY);
    const project = await victimProject(at('x', 'victim', 'project'));
    const out = await runIn(project);
    expect(out.code).toBe(5);
    expect(out.stderr).toContain(`refusing to use ${config}: it is owned by uid ${NOBODY}`);
    expect(out.stderr).toMatch(/hint: .*\.git/);
    expect(existsSync(marker)).toBe(false);
    // the victim's project gets a .git: the search stops there, the run works and runs no script
    await mkdir(path.join(project, '.git'));
    const fixed = await runIn(project);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});

describe('where the search for play.config.yml stops', () => {
  it('at a directory holding .git: a config above the project is not used', async () => {
    await plantConfig(base);
    await mkdir(at('proj', '.git'), { recursive: true });
    await mkdir(at('proj', 'roles', 'r1'), { recursive: true });
    const cfg = await loadConfig(at('proj', 'roles', 'r1'));
    expect(cfg).toMatchObject({ dir: at('proj', 'roles', 'r1'), inventory: [], rolesPath: [], forks: undefined, vaultPasswordFile: undefined, files: [] });
    // without the .git, the same search finds it (the test can fail)
    await rm(at('proj', '.git'), { recursive: true });
    expect((await loadConfig(at('proj', 'roles', 'r1'))).dir).toBe(base);
  });

  it('at the first config found: a config above it is not even checked', async () => {
    const { config: outer } = await plantConfig(base);
    await chmod(outer, 0o666); // would be refused if it were looked at
    await plantConfig(at('proj'));
    expect((await loadConfig(at('proj', 'sub'))).dir).toBe(at('proj'));
    await expect(loadConfig(base)).rejects.toThrow(/refusing/);
  });
});
