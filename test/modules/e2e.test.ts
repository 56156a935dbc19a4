/**
 * Each content module against the real local target: plan, apply, check the disk, plan again
 * and expect nothing left to do (idempotence).
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModuleError } from '../../src/errors.js';
import { blockinfile } from '../../src/modules/files/blockinfile.js';
import { copy } from '../../src/modules/files/copy.js';
import { file } from '../../src/modules/files/file.js';
import { iniFile } from '../../src/modules/files/ini-file.js';
import { lineinfile } from '../../src/modules/files/lineinfile.js';
import { replace } from '../../src/modules/files/replace.js';
import { template } from '../../src/modules/files/template.js';
import { command } from '../../src/modules/commands/command.js';
import { shell } from '../../src/modules/commands/shell.js';
import type { ModuleDefinition } from '../../src/modules/types.js';
import { applyPlan, localContext, planWith } from './local-target.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'play-modules-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Plan + apply, then assert that a second plan is empty. */
async function converge(mod: ModuleDefinition, args: Record<string, unknown>, ctx = localContext({ localRoot: dir })) {
  const first = await planWith(mod, args, ctx);
  expect(first.changes.length).toBeGreaterThan(0);
  await applyPlan(first);
  const second = await planWith(mod, args, ctx);
  expect(second.changes.map((c) => c.describe)).toEqual([]);
  return first;
}

describe('content modules on a real target', () => {
  it('copy: content, mode, then idempotent', async () => {
    const dest = join(dir, 'sub dir', "it's.conf");
    await mkdir(join(dir, 'sub dir'));
    const plan = await converge(copy, { content: 'a=1\n', dest, mode: '0600' });
    expect(await readFile(dest, 'utf8')).toBe('a=1\n');
    expect((await stat(dest)).mode & 0o777).toBe(0o600);
    expect(plan.result?.['checksum']).toBe(createHash('sha1').update('a=1\n').digest('hex'));
  });

  it('copy: src from files/ and remote_src', async () => {
    await mkdir(join(dir, 'files'));
    await writeFile(join(dir, 'files', 'motd'), 'welcome\n');
    await converge(copy, { src: 'motd', dest: `${dir}/` });
    expect(await readFile(join(dir, 'motd'), 'utf8')).toBe('welcome\n');
    await converge(copy, { src: join(dir, 'motd'), dest: join(dir, 'motd.copy'), remote_src: true });
    expect(await readFile(join(dir, 'motd.copy'), 'utf8')).toBe('welcome\n');
  });

  it('copy: backup keeps the old content next to the file', async () => {
    const dest = join(dir, 'hosts');
    await writeFile(dest, 'old\n');
    const plan = await converge(copy, { content: 'new\n', dest, backup: true });
    const backup = String(plan.result?.['backup_file']);
    expect(backup.startsWith(`${dest}.`)).toBe(true);
    expect(await readFile(backup, 'utf8')).toBe('old\n');
  });

  it('copy: a failing validate leaves dest intact', async () => {
    const dest = join(dir, 'checked.conf');
    await writeFile(dest, 'good\n');
    const ctx = localContext();
    const bad = await planWith(copy, { content: 'bad\n', dest, validate: 'grep -q good %s' }, ctx);
    await expect(applyPlan(bad)).rejects.toThrow(/failed to validate: rc:1/);
    expect(await readFile(dest, 'utf8')).toBe('good\n');
    const good = await planWith(copy, { content: 'good too\n', dest, validate: 'grep -q good %s' }, ctx);
    await applyPlan(good);
    expect(await readFile(dest, 'utf8')).toBe('good too\n');
  });

  it('template renders variables', async () => {
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'templates', 'sip.conf.j2'), '[{{ ext }}]\nsecret={{ ext }}\n');
    const dest = join(dir, 'sip.conf');
    await converge(template, { src: 'sip.conf.j2', dest }, localContext({ localRoot: dir, vars: { ext: 7001 } }));
    expect(await readFile(dest, 'utf8')).toBe('[7001]\nsecret=7001\n');
  });

  it('lineinfile: replace, insert, remove', async () => {
    const path = join(dir, 'sshd_config');
    await writeFile(path, 'Port 22\n#PermitRootLogin yes\nUsePAM yes');
    await converge(lineinfile, { path, regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' });
    await converge(lineinfile, { path, line: 'X11Forwarding no', insertafter: '^Port' });
    await converge(lineinfile, { path, line: 'Banner none' });
    expect(await readFile(path, 'utf8')).toBe('Port 22\nX11Forwarding no\nPermitRootLogin no\nUsePAM yes\nBanner none\n');
    await converge(lineinfile, { path, regexp: '^X11', state: 'absent' });
    expect(await readFile(path, 'utf8')).toBe('Port 22\nPermitRootLogin no\nUsePAM yes\nBanner none\n');
  });

  it('lineinfile: create with mode', async () => {
    const path = join(dir, 'new.conf');
    await converge(lineinfile, { path, line: 'k=v', create: true, mode: '0640' });
    expect(await readFile(path, 'utf8')).toBe('k=v\n');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('blockinfile: insert then update', async () => {
    const path = join(dir, 'hosts');
    await writeFile(path, '127.0.0.1 localhost\n');
    await converge(blockinfile, { path, block: '127.0.1.1 a' });
    await converge(blockinfile, { path, block: '127.0.1.2 b' });
    expect(await readFile(path, 'utf8')).toBe('127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n127.0.1.2 b\n# END ANSIBLE MANAGED BLOCK\n');
  });

  it('ini_file: an Asterisk pjsip.conf, option by option, repeated values included', async () => {
    const path = join(dir, 'pjsip.conf');
    await writeFile(path, '[transport-udp]\ntype=transport\n\n[7001](endpoint-tpl)\nallow=gsm\n');
    await converge(iniFile, { path, section: 'transport-udp', option: 'bind', value: '127.0.10.153:5060' });
    await converge(iniFile, { path, section: '7001', option: 'allow', values: ['ulaw', 'alaw'] });
    await converge(iniFile, { path, section: '7002', option: 'type', value: 'endpoint', no_extra_spaces: true });
    expect(await readFile(path, 'utf8')).toBe(
      '[transport-udp]\ntype=transport\nbind = 127.0.10.153:5060\n\n[7001](endpoint-tpl)\nallow = ulaw\nallow = alaw\n\n[7002]\ntype=endpoint\n',
    );
  });

  it('replace: named groups', async () => {
    const path = join(dir, 'hosts');
    await writeFile(path, 'Port 22\nListenAddress 127.0.10.1\n');
    await converge(replace, { path, regexp: '^(?P<key>ListenAddress[ ]+)127\\.0\\.10\\.1$', replace: '\\g<key>0.0.0.0' });
    expect(await readFile(path, 'utf8')).toBe('Port 22\nListenAddress 0.0.0.0\n');
  });

  it('file: directories, links, touch, absent', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    await converge(file, { path: deep, state: 'directory', mode: '0750' });
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o750);
    expect((await stat(deep)).isDirectory()).toBe(true);
    const link = join(dir, 'current');
    await converge(file, { src: 'a/b', dest: link, state: 'link' });
    expect(await readlink(link)).toBe('a/b');
    const touched = join(dir, 'stamp');
    await converge(file, { path: touched, state: 'touch', modification_time: 'preserve', access_time: 'preserve' });
    expect((await lstat(touched)).isFile()).toBe(true);
    await converge(file, { path: join(dir, 'a'), state: 'absent' });
    await expect(lstat(join(dir, 'a'))).rejects.toThrow();
  });

  it('file: recurse fixes ownership-free modes below', async () => {
    await mkdir(join(dir, 'r', 's'), { recursive: true });
    await writeFile(join(dir, 'r', 's', 'f'), 'x', { mode: 0o600 });
    await converge(file, { path: join(dir, 'r'), state: 'directory', mode: 'u=rwX,g=rX,o=', recurse: true });
    expect((await stat(join(dir, 'r', 's', 'f'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(dir, 'r', 's'))).mode & 0o777).toBe(0o750);
  });
});

describe('command modules on a real target', () => {
  it('command runs argv without a shell, in chdir, with stdin', async () => {
    const ctx = localContext();
    const plan = await planWith(command, { _raw_params: "sh -c 'pwd; cat' ignored", chdir: dir, stdin: 'input' }, ctx);
    const [res] = await applyPlan(plan);
    expect(res?.stdout).toBe(`${dir}\ninput\n`);
  });

  it('creates= keeps the command from running once the file exists', async () => {
    const ctx = localContext();
    const marker = join(dir, 'done');
    const first = await planWith(shell, { _raw_params: `touch done`, chdir: dir, creates: 'done' }, ctx);
    await applyPlan(first);
    expect((await lstat(marker)).isFile()).toBe(true);
    const second = await planWith(shell, { _raw_params: `touch done`, chdir: dir, creates: 'done' }, ctx);
    expect(second.changes).toEqual([]);
    expect(second.changed).toBe(false);
  });

  it('a failing command fails the apply', async () => {
    const plan = await planWith(command, { argv: ['false'] }, localContext());
    await expect(applyPlan(plan)).rejects.toBeInstanceOf(ModuleError);
  });
});
