import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { loadInventory } from './load.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Writes the files (path → content) into a fresh temp directory and returns it. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'play-inv-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

async function loadError(paths: string[], playbookDir?: string): Promise<ParseError> {
  try {
    await loadInventory(paths, { playbookDir });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const INI = `
[kvm_hosts]
kvmhost ansible_host=127.0.10.153

[pbx_guests]
virtual[1:2] ansible_user=root

[lab:children]
kvm_hosts
pbx_guests

[lab:vars]
site=espol
`;

const YAML = `
all:
  children:
    lab:
      vars: { site: espol }
      children:
        kvm_hosts:
          hosts:
            kvmhost: { ansible_host: 127.0.10.153 }
        pbx_guests:
          hosts:
            virtual[1:2]: { ansible_user: root }
`;

describe('loadInventory sources', () => {
  it('gives the same inventory from INI and from YAML', async () => {
    const root = await tree({ 'hosts.ini': INI, 'hosts.yml': YAML });
    const fromIni = await loadInventory([path.join(root, 'hosts.ini')]);
    const fromYaml = await loadInventory([path.join(root, 'hosts.yml')]);
    for (const inv of [fromIni, fromYaml]) {
      expect([...inv.hosts.keys()]).toEqual(['kvmhost', 'virtual1', 'virtual2']);
      expect(inv.groupNames('virtual2')).toEqual(['lab', 'pbx_guests']);
      expect(inv.select('lab')).toEqual(['kvmhost', 'virtual1', 'virtual2']);
    }
    const strip = (v: Record<string, unknown>) => ({ ...v, inventory_file: undefined });
    for (const host of fromIni.hosts.keys()) expect(strip(fromIni.hostVars(host))).toEqual(strip(fromYaml.hostVars(host)));
    expect(fromIni.groupsMap()).toEqual(fromYaml.groupsMap());
  });

  it('detects a YAML inventory without a YAML extension', async () => {
    const root = await tree({ inventory: YAML });
    const inv = await loadInventory([path.join(root, 'inventory')]);
    expect(inv.hosts.has('kvmhost')).toBe(true);
  });

  it('always reads a .ini file as INI', async () => {
    const root = await tree({ 'hosts.ini': 'all:\n' });
    const err = await loadError([path.join(root, 'hosts.ini')]);
    expect(err.message).toContain("ends in ':'");
  });

  it('reads every inventory file of a directory, sorted, skipping what is not an inventory', async () => {
    const root = await tree({
      'inv/20-guests.ini': '[pbx_guests]\nvirtual1\n',
      'inv/10-host.yml': 'all:\n  hosts:\n    kvmhost:\n',
      'inv/sub/30-phone': '[phones]\nspa303\n',
      'inv/README.md': '# not an inventory: [x\n',
      'inv/old.retry': 'nope\n',
      'inv/hosts~': 'backup\n',
      'inv/.hidden': 'hidden\n',
      'inv/group_vars/all.yml': 'from_dir: 1\n',
    });
    const inv = await loadInventory([path.join(root, 'inv')]);
    expect([...inv.hosts.keys()]).toEqual(['kvmhost', 'virtual1', 'spa303']);
    expect(inv.hostVars('spa303')['from_dir']).toBe(1);
    expect(inv.sources).toEqual([path.join(root, 'inv')]);
  });

  it('reads a comma list of hosts, with ports, as ungrouped hosts', async () => {
    const inv = await loadInventory(['127.0.10.1, 127.0.10.2:2222,']);
    expect([...inv.hosts.keys()]).toEqual(['127.0.10.1', '127.0.10.2']);
    expect(inv.hostVars('127.0.10.2')['ansible_port']).toBe(2222);
    expect(inv.groupNames('127.0.10.1')).toEqual(['ungrouped']);
    expect(inv.sources).toEqual(['127.0.10.1, 127.0.10.2:2222,']);
  });

  it('merges several sources; later ones add groups and override host vars', async () => {
    const root = await tree({
      'a.ini': '[web]\nweb1 x=1 y=1\n',
      'b.yml': 'all:\n  children:\n    db:\n      hosts:\n        web1: { y: 2 }\n        db1:\n',
    });
    const inv = await loadInventory([path.join(root, 'a.ini'), path.join(root, 'b.yml')]);
    expect(inv.groupNames('web1')).toEqual(['db', 'web']);
    expect(inv.hostVars('web1')).toMatchObject({ x: 1, y: 2 });
    expect(inv.hostVars('web1')['inventory_file']).toBe(path.join(root, 'a.ini'));
    expect(inv.sources).toEqual([path.join(root, 'a.ini'), path.join(root, 'b.yml')]);
  });

  it('fails with INVENTORY_MISSING and a hint for a path that does not exist', async () => {
    const err = await loadError(['/nonexistent/inventory.yml']);
    expect(err.code).toBe('INVENTORY_MISSING');
    expect(err.exitCode).toBe(4);
    expect(err.hint).toContain('-i');
  });

  it('names a file given inside a comma list instead of targeting a host named after it', async () => {
    const root = await tree({ 'a.ini': '[web]\nweb1\n', 'b.ini': '[db]\ndb1\n' });
    const missing = await loadError([`${path.join(root, 'a.ini')},${path.join(root, 'nope.ini')}`]);
    expect(missing.code).toBe('INVENTORY_MISSING');
    expect(missing.source).toEqual({ file: path.join(root, 'nope.ini') });
    const both = await loadError([`${path.join(root, 'a.ini')},${path.join(root, 'b.ini')}`]);
    expect(both.code).toBe('INVENTORY_FILE_IN_HOST_LIST');
    expect(both.hint).toContain('its own -i');
    expect([...(await loadInventory(['web1.example.com,db1,'])).hosts.keys()]).toEqual(['web1.example.com', 'db1']);
  });

  it('names a file of an inventory directory that cannot be read', async () => {
    const root = await tree({ 'inv/ok.ini': 'h1\n' });
    await symlink(path.join(root, 'gone.ini'), path.join(root, 'inv', 'broken.ini'));
    const err = await loadError([path.join(root, 'inv')]);
    expect(err.code).toBe('INVENTORY_UNREADABLE');
    expect(err.exitCode).toBe(4);
    expect(err.source).toEqual({ file: path.join(root, 'inv', 'broken.ini') });
  });

  it('refuses executable inventory scripts', async () => {
    const root = await tree({ 'inv.py': '#!/usr/bin/env python3\nprint("{}")\n' });
    expect((await loadError([path.join(root, 'inv.py')])).code).toBe('INVENTORY_SCRIPT_UNSUPPORTED');
  });

  it('reports parse errors with the file that holds them', async () => {
    const root = await tree({ 'inv/ok.ini': 'h1\n', 'inv/bad.yml': 'all:\n  hosts: [h2]\n' });
    const err = await loadError([path.join(root, 'inv')]);
    expect(err.source).toMatchObject({ file: path.join(root, 'inv', 'bad.yml'), line: 2 });
  });

  it('reports a cycle spread over two sources', async () => {
    const root = await tree({ 'a.ini': '[a:children]\nb\n[b]\n', 'b.ini': '[b:children]\na\n[a]\n' });
    const err = await loadError([path.join(root, 'a.ini'), path.join(root, 'b.ini')]);
    expect(err.code).toBe('INVENTORY_CYCLE');
    expect(err.source).toMatchObject({ file: path.join(root, 'b.ini'), line: 2 });
  });
});

describe('group_vars and host_vars', () => {
  it('reads group_vars/<g>.yml, group_vars/<g> and host_vars/<h>.yaml beside an inventory file', async () => {
    const root = await tree({
      'hosts.ini': '[web]\nweb1\n[db]\ndb1\n',
      'group_vars/web.yml': 'a: web-file\n',
      'group_vars/db': 'a: db-noext\n',
      'host_vars/db1.yaml': 'b: host-file\n',
    });
    const inv = await loadInventory([path.join(root, 'hosts.ini')]);
    expect(inv.hostVars('web1')['a']).toBe('web-file');
    expect(inv.hostVars('db1')).toMatchObject({ a: 'db-noext', b: 'host-file' });
  });

  it('uses only the first of <g>, <g>.yml, <g>.yaml, <g>.json', async () => {
    const root = await tree({
      'hosts.ini': '[web]\nweb1\n',
      'group_vars/web.yml': 'picked: yml\n',
      'group_vars/web.json': '{"picked": "json", "extra": 1}\n',
    });
    const vars = (await loadInventory([path.join(root, 'hosts.ini')])).hostVars('web1');
    expect(vars['picked']).toBe('yml');
    expect(vars['extra']).toBeUndefined();
  });

  it('merges every file of a group_vars/<g>/ directory in sorted order', async () => {
    const root = await tree({
      'hosts.ini': '[web]\nweb1\n',
      'group_vars/web/20-b.yml': 'x: second\ny: b\n',
      'group_vars/web/10-a.yml': 'x: first\nz: a\n',
      'group_vars/web/nested/30-c.yaml': 'w: nested\n',
      'group_vars/web/.hidden.yml': 'x: hidden\n',
      'group_vars/web/notes.txt': 'x: text\n',
    });
    const vars = (await loadInventory([path.join(root, 'hosts.ini')])).hostVars('web1');
    expect(vars).toMatchObject({ x: 'second', y: 'b', z: 'a', w: 'nested' });
  });

  it('lets group_vars and host_vars beside the playbook win', async () => {
    const root = await tree({
      'inv/hosts.ini': '[web]\nweb1\n',
      'inv/group_vars/web.yml': 'a: inventory\nb: inventory\n',
      'inv/host_vars/web1.yml': 'c: inventory\n',
      'play/group_vars/web.yml': 'a: playbook\n',
      'play/host_vars/web1.yml': 'c: playbook\n',
    });
    const inv = await loadInventory([path.join(root, 'inv/hosts.ini')], { playbookDir: path.join(root, 'play') });
    expect(inv.hostVars('web1')).toMatchObject({ a: 'playbook', b: 'inventory', c: 'playbook' });
  });

  it('applies group_vars/all and host_vars/localhost to the implicit localhost', async () => {
    const root = await tree({
      'hosts.ini': 'web1\n',
      'group_vars/all.yml': 'everyone: yes\n',
      'host_vars/localhost.yml': 'mine: 1\n',
    });
    const inv = await loadInventory([path.join(root, 'hosts.ini')]);
    expect(inv.hostVars('localhost')).toEqual({ everyone: true, mine: 1, ansible_connection: 'local' });
  });

  it('reports a vars file that is not a mapping', async () => {
    const root = await tree({ 'hosts.ini': '[web]\nw\n', 'group_vars/web.yml': '\n- a\n- b\n' });
    const err = await loadError([path.join(root, 'hosts.ini')]);
    expect(err.code).toBe('INVALID_VARS_FILE');
    expect(err.source).toMatchObject({ file: path.join(root, 'group_vars/web.yml'), line: 2 });
  });
});
