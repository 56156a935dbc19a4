import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readInventoryWithProjectVault } from '../project/config.js';
import { loadInventory } from '../inventory/load.js';
import { labPathsSharingBase } from '../lab/hosts.js';
import { fileHosts, SITE_HOSTS } from './lab.js';
import { filePlaybook, fileInventory, TASKS_PER_HOST, writeSiteInventory } from './project.js';
import { reloadSeconds } from './scenarios.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = labPathsSharingBase('bench-lab', { HOME: '/home/u' });
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the benchmark project', () => {
  it('has 20 file tasks of the four modules', () => {
    const text = filePlaybook();
    expect(text.match(/^ {4}- name: /gm)).toHaveLength(TASKS_PER_HOST);
    for (const m of ['file', 'copy', 'template', 'lineinfile']) expect(text.match(new RegExp(`^ {6}${m}: `, 'gm'))).toHaveLength(TASKS_PER_HOST / 4);
  });

  it('uses only its own addresses (127.0.11.x, 127.0.12.x) and its own key', async () => {
    expect(fileHosts(50).every((h) => /^127\.0\.11\.\d+$/.test(h.address) && /^bench-\d+$/.test(h.name) && h.python)).toBe(true);
    expect(SITE_HOSTS.every((h) => /^127\.0\.12\.\d+$/.test(h.address) && h.python)).toBe(true);
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-bench-test-'));
    await writeFile(path.join(dir, 'hosts.ini'), fileInventory(fileHosts(3), paths));
    const inv = await loadInventory([path.join(dir, 'hosts.ini')]);
    expect(inv.select('bench')).toEqual(['bench-01', 'bench-02', 'bench-03']);
    expect(inv.hostVars('bench-02')).toMatchObject({ ansible_host: '127.0.11.2', ansible_ssh_private_key_file: paths.privateKey, ansible_python_interpreter: '/usr/bin/python3' });
  });

  it('moves the VoIP lab inventory to the benchmark hosts, groups and variables kept', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-bench-test-'));
    const file = await writeSiteInventory(repo, dir, paths);
    expect(await readFile(file, 'utf8')).not.toMatch(/127\.0\.10\./);
    const inv = await readInventoryWithProjectVault([file], repo);
    expect(inv.select('pbx_guests')).toEqual(['virtual1', 'virtual2', 'virtual3']);
    expect(inv.hostVars('virtual2')).toMatchObject({ ansible_host: '127.0.12.3', play_known_hosts_file: paths.knownHosts, pbx_extension: 2500 });
    expect(inv.hostVars('kvmhost')).toMatchObject({ ansible_host: '127.0.12.1' });
  });

  it('takes the Asterisk reloads out of play\'s own time', () => {
    const trace = [
      '[round trip] root@127.0.12.3 12.5 ms s=PLAY-STAT-1; kinds() {',
      "[round trip] root@127.0.12.3 250.0 ms if asterisk -rx 'core show uptime' >/dev/null 2>&1; then asterisk -rx 'iax2 reload'",
      "[round trip] root@127.0.12.3 50.0 ms if asterisk -rx 'core show uptime' >/dev/null 2>&1; then asterisk -rx 'dialplan reload'",
    ].join('\n');
    expect(reloadSeconds(trace)).toBeCloseTo(0.3);
  });
});

describe('phases of a traced run', () => {
  it('splits the wall time at the first command, the last facts answer and the last command', async () => {
    const { phasesOf } = await import('./scenarios.js');
    const trace = [
      "[round trip] root@a 100.0 ms @400 # play:gather-facts k() {",
      "[round trip] root@b 150.0 ms @420 # play:gather-facts k() {",
      '[round trip] root@a 50.0 ms @600 s=PLAY-STAT-1; kinds() {',
      '[round trip] root@b 80.0 ms @610 s=PLAY-STAT-2; kinds() {',
    ].join('\n');
    expect(phasesOf(trace, 1)).toEqual({ connect: 400, facts: 170, commands: 120, rest: 310, wall: 1000 });
    expect(phasesOf('', 1)).toBeUndefined();
  });
});
