/**
 * The engine keeps no run state at module level: two different runs in one process, at the same
 * time, each see only their own inventory, variables, vault password, masking and mode. The runs
 * meet halfway (each waits for a file the other writes), so they are certainly in flight
 * together: run one after the other, the first would wait for the second in vain and fail.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encrypt } from '../../src/vault/crypt.js';
import { vaultSecret } from '../../src/vault/secrets.js';
import { Project, runInPlace, type RunOutput } from '../support/project.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');

interface Side {
  name: string;
  hosts: string[];
  password: string;
  secret: string;
  color: string;
  /** The side whose file this one waits for. */
  other: string;
}

const ALPHA: Side = { name: 'alpha', hosts: ['a1'], password: 'pw-alpha-1', secret: 'alpha-secret-1111', color: 'crimson-7', other: 'bravo' };
const BRAVO: Side = { name: 'bravo', hosts: ['b1', 'b2'], password: 'pw-bravo-2', secret: 'bravo-secret-2222', color: 'teal-9', other: 'alpha' };

async function sideProject(side: Side): Promise<Project> {
  const p = await Project.create({
    'hosts.ini': `[${side.name}]\n${side.hosts.map((h) => `${h} ansible_connection=local`).join('\n')}\n`,
    'vault-pass': `${side.password}\n`,
    'group_vars/all.yml': `who: ${side.name}\nwhere: !vault |\n${indent(encrypt(`${side.name}-place`, vaultSecret(side.password)))}\n`,
    // a whole vaulted vars file: read through the engine's YAML file reader
    'secret.yml': encrypt(`secret: ${side.secret}\n`, vaultSecret(side.password)),
    'site.yml': `
- hosts: all
  gather_facts: false
  vars: { color: ${side.color} }
  vars_files: [secret.yml]
  tasks:
    - name: here
      command: touch {{ meet }}/${side.name}-started
      check_mode: false
    - name: meet the other run
      wait_for: { path: "{{ meet }}/${side.other}-started", timeout: 300 }
    - name: write
      copy: { dest: "{{dir}}/{{ inventory_hostname }}.out", content: "{{ who }} {{ where }} {{ color }} {{ secret }} {{ run_name }}\\n" }
    - name: show
      debug: { msg: "{{ who }} on {{ groups['all'] | join(',') }} sees {{ secret }}, check mode {{ ansible_check_mode }}" }
`,
  });
  cleanup.push(() => p.remove());
  return p;
}

function run(p: Project, meet: string, side: Side, check: boolean): Promise<RunOutput> {
  return runInPlace([p.path('site.yml')], {
    inventory: [p.path('hosts.ini')],
    vaultPasswordFile: [p.path('vault-pass')],
    extraVars: [`meet=${meet}`, `run_name=${side.name}-run`],
    check,
  });
}

function expectOnly(out: RunOutput, own: Side, other: Side): void {
  expect(Object.keys(out.recap).sort()).toEqual(own.hosts);
  expect(out.results.every((r) => own.hosts.includes(r.host))).toBe(true);
  // its own secret masked, the other run's never seen
  for (const text of [own.secret, other.secret, other.color, `${other.name}-run`, ...other.hosts.map((h) => `"${h}"`)]) {
    expect(out.stdout).not.toContain(text);
  }
}

describe('two runs in one process', () => {
  it('at once, each with its own inventory, variables, vault password, masking and check mode', async () => {
    const meet = await mkdtemp(path.join(os.tmpdir(), 'play-meet-'));
    cleanup.push(() => rm(meet, { recursive: true, force: true }));
    const [alphaProject, bravoProject] = await Promise.all([sideProject(ALPHA), sideProject(BRAVO)]);

    const [alpha, bravo] = await Promise.all([run(alphaProject, meet, ALPHA, false), run(bravoProject, meet, BRAVO, true)]);
    expect([alpha.code, bravo.code], `${alpha.stderr}\n${bravo.stderr}`).toEqual([0, 0]);

    // alpha ran for real: its file holds its own values
    expect(await readFile(alphaProject.path('a1.out'), 'utf8')).toBe('alpha alpha-place crimson-7 alpha-secret-1111 alpha-run\n');
    // bravo was a check run: it predicted its writes and made none
    expect(bravo.results.filter((r) => r.task === 'write').map((r) => `${r.host} ${r.status}`).sort()).toEqual(['b1 changed', 'b2 changed']);
    expect(existsSync(bravoProject.path('b1.out')) || existsSync(bravoProject.path('b2.out'))).toBe(false);

    expect(alpha.results.find((r) => r.task === 'show')?.msg).toBe('alpha on a1 sees ********, check mode False');
    expect(bravo.results.filter((r) => r.task === 'show').map((r) => r.msg)).toEqual([
      'bravo on b1,b2 sees ********, check mode True',
      'bravo on b1,b2 sees ********, check mode True',
    ]);
    expectOnly(alpha, ALPHA, BRAVO);
    expectOnly(bravo, BRAVO, ALPHA);
  });

  it('a vaulted file one run opened is not handed to the next run without its password', async () => {
    const p = await sideProject(ALPHA);
    const meet = path.dirname(p.path('site.yml'));
    await p.write({ 'bravo-started': '' });
    const first = await run(p, meet, ALPHA, true);
    expect(first.code, first.stderr).toBe(0);
    // only the vaulted vars file is left to open: it is read while the play runs
    await p.write({ 'group_vars/all.yml': 'who: alpha\nwhere: nowhere\n' });

    const withoutPassword = await runInPlace([p.path('site.yml')], { inventory: [p.path('hosts.ini')], extraVars: [`meet=${meet}`, 'run_name=x'], check: true });
    // refused (no password, or the project config's, which is not this file's), never opened from a cache
    expect(withoutPassword.code).not.toBe(0);
    expect(withoutPassword.stderr).toMatch(/no vault password|cannot decrypt vaulted data/);
    expect(withoutPassword.results).toEqual([]);
    expect(withoutPassword.stdout).not.toContain(ALPHA.secret);
  });
});
