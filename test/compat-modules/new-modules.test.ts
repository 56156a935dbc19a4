/**
 * The modules play added for real Ansible content (tempfile, find, script, assemble, get_url,
 * unarchive, known_hosts, pause, wait_for_connection), run by one playbook on the local
 * connection: the summary of their registered results is what ansible-playbook 2.14 gives
 * (recorded below, and compared live when Ansible is installed).
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';
import { ansibleInstalled, runAnsiblePlaybook } from './ansible.js';

const KEY = 'h1.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  vars: { d: "{{ out }}" }
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - tempfile: { state: directory, path: "{{ d }}", suffix: .x }
      register: t
    - find: { paths: "{{ playbook_dir }}/frag", hidden: true }
      register: f
    - find: { paths: "{{ playbook_dir }}/frag", patterns: "0*" }
      register: f2
    - script: hello.sh one "two three"
      register: s
    - assemble: { src: "{{ playbook_dir }}/frag", dest: "{{ d }}/assembled", delimiter: "--" }
      register: asm
    - assemble: { src: "{{ playbook_dir }}/frag", dest: "{{ d }}/assembled", delimiter: "--" }
      register: asm2
    - get_url: { url: "{{ url }}/file.txt", dest: "{{ d }}/got.txt" }
      register: g1
    - get_url: { url: "{{ url }}/file.txt", dest: "{{ d }}/got.txt" }
      register: g2
    - file: { path: "{{ d }}/un", state: directory }
    - unarchive: { src: a.tgz, dest: "{{ d }}/un" }
      register: u1
    - unarchive: { src: a.tgz, dest: "{{ d }}/un" }
      register: u2
    - file: { path: "{{ d }}/unz", state: directory }
    - unarchive: { src: "{{ playbook_dir }}/files/a.zip", dest: "{{ d }}/unz", remote_src: true }
      register: z1
    - unarchive: { src: "{{ playbook_dir }}/files/a.zip", dest: "{{ d }}/unz", remote_src: true }
      register: z2
    - known_hosts: { path: "{{ d }}/kh", name: h1.example, key: "${KEY}" }
      register: k1
    - known_hosts: { path: "{{ d }}/kh", name: h1.example, key: "${KEY}" }
      register: k2
    - pause: { seconds: 1 }
      register: p
    - wait_for_connection: { timeout: 5 }
      register: w
    - copy:
        dest: "{{ d }}/summary.json"
        content: "{{ {'t': t.path is match(d ~ '/ansible\\\\..*\\\\.x$'), 'f': f.files | map(attribute='path') | map('basename') | sort, 'fm': f.matched, 'fx': f.examined, 'f2': f2.files | map(attribute='path') | map('basename') | sort, 'fkeys': f.files[0].keys() | sort, 's': [s.rc, s.stdout, s.stderr, s.changed], 'asm': [asm.changed, asm2.changed], 'g': [g1.changed, g2.changed, g1.dest | basename], 'u': [u1.changed, u2.changed, z1.changed, z2.changed], 'k': [k1.changed, k2.changed], 'p': [p.changed, p.stdout is match('Paused for 1\\\\.[0-9]+ seconds$'), p.user_input], 'w': w.changed} | to_json }}"
`;

/** What ansible-playbook 2.14 wrote (ansible-core 2.14.18, -c local). */
const ANSIBLE_SUMMARY = {
  t: true,
  f: ['.hidden', '01', '02'],
  fm: 3,
  fx: 3,
  f2: ['01', '02'],
  fkeys: ['atime', 'ctime', 'dev', 'gid', 'gr_name', 'inode', 'isblk', 'ischr', 'isdir', 'isfifo', 'isgid', 'islnk', 'isreg', 'issock', 'isuid', 'mode', 'mtime', 'nlink', 'path', 'pw_name', 'rgrp', 'roth', 'rusr', 'size', 'uid', 'wgrp', 'woth', 'wusr', 'xgrp', 'xoth', 'xusr'],
  s: [0, 'args: one two three\n', 'err\n', true],
  asm: [true, false],
  g: [true, false, 'got.txt'],
  u: [true, false, true, false],
  k: [true, false],
  // the time actually paused: 1.0 seconds, or a little more on a busy machine
  p: [false, true, ''],
  w: false,
};

let server: Server;
let url: string;
let project: Project;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/file.txt') res.end('served\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  project = await Project.create({
    'hosts.ini': 'localhost ansible_connection=local\n',
    'site.yml': PLAYBOOK,
    'frag/01': 'a\n',
    'frag/02': 'b',
    'frag/.hidden': 'h\n',
    'files/hello.sh': '#!/bin/sh\necho "args: $*"\necho err >&2\n',
    'arc/d/f.txt': 'inner\n',
  });
  await chmod(project.path('files/hello.sh'), 0o755);
  expect(spawnSync('tar', ['-C', project.path('arc'), '-czf', project.path('files/a.tgz'), 'd']).status).toBe(0);
  const zip = spawnSync('python3', ['-m', 'zipfile', '-c', project.path('files/a.zip'), 'd'], { cwd: project.path('arc') });
  expect(zip.status).toBe(0);
});

afterAll(async () => {
  server.close();
  await project.remove();
});

async function summary(dir: string): Promise<unknown> {
  return JSON.parse(await readFile(`${dir}/summary.json`, 'utf8')) as unknown;
}

describe('new modules as Ansible runs them', () => {
  it('play gives the registered results Ansible gives', async () => {
    const out = project.path('play-out');
    await mkdir(out);
    const run = await project.run({ extraVars: [`out=${out}`, `url=${url}`] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await summary(out)).toEqual(ANSIBLE_SUMMARY);
    expect(await readFile(`${out}/assembled`, 'utf8')).toBe('h\n--\na\n--\nb');
    expect(await readFile(`${out}/un/d/f.txt`, 'utf8')).toBe('inner\n');
    expect(await readFile(`${out}/kh`, 'utf8')).toBe(`${KEY}\n`);
  });

  it.skipIf(!ansibleInstalled)('the recorded summary is what the installed Ansible gives', async () => {
    const out = project.path('ansible-out');
    const run = await runAnsiblePlaybook('site.yml', { cwd: project.dir, extraVars: { out, url } });
    expect(run.code, run.output).toBe(0);
    expect(await summary(out)).toEqual(ANSIBLE_SUMMARY);
    // one ansible-playbook run of some thirty tasks: on a busy machine it takes longer than a unit test
  }, 300_000);
});
