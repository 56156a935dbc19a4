import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from './load.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'play-prec-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(rel: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), content);
}

/** Level j sets k{j}…k9 to its own name, so k{i} must come out as level i's name. */
const LEVELS = [
  'inventory-all',
  'inventory-group_vars-all',
  'playbook-group_vars-all',
  'inventory-group',
  'inventory-group_vars-group',
  'playbook-group_vars-group',
  'inventory-host',
  'inventory-host_vars',
  'playbook-host_vars',
] as const;

function varsOf(level: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let k = level; k <= LEVELS.length; k++) out[`k${k}`] = LEVELS[level - 1] ?? '';
  return out;
}
const yamlOf = (level: number) => `${JSON.stringify(varsOf(level))}\n`;

describe('hostVars precedence', () => {
  it('merges the nine inventory levels in Ansible order', async () => {
    const inventory = { all: { vars: varsOf(1), children: { web: { vars: varsOf(4), hosts: { web1: varsOf(7) } } } } };
    await write('p1/inv/hosts.yml', JSON.stringify(inventory));
    await write('p1/inv/group_vars/all.yml', yamlOf(2));
    await write('p1/play/group_vars/all.yml', yamlOf(3));
    await write('p1/inv/group_vars/web.yml', yamlOf(5));
    await write('p1/play/group_vars/web.yml', yamlOf(6));
    await write('p1/inv/host_vars/web1.yml', yamlOf(8));
    await write('p1/play/host_vars/web1.yml', yamlOf(9));
    const inv = await loadInventory([path.join(root, 'p1/inv/hosts.yml')], { playbookDir: path.join(root, 'p1/play') });
    const vars = inv.hostVars('web1');
    LEVELS.forEach((level, i) => expect(vars[`k${i + 1}`], `k${i + 1}`).toBe(level));
  });

  it('merges groups parents first, then by ansible_group_priority, then by name', async () => {
    await write(
      'p2/hosts.ini',
      [
        '[parent:children]',
        'child',
        '[child]',
        'h',
        '[b]',
        'h',
        '[c]',
        'h',
        '[high]',
        'h',
        '[low]',
        'h',
        '[parent:vars]',
        'depth=parent',
        '[child:vars]',
        'depth=child',
        '[b:vars]',
        'name=b',
        '[c:vars]',
        'name=c',
        '[high:vars]',
        'ansible_group_priority=5',
        'prio=high',
        '[low:vars]',
        'prio=low',
      ].join('\n'),
    );
    await write('p2/group_vars/parent.yml', 'file_depth: parent\n');
    await write('p2/group_vars/child.yml', 'file_depth: child\n');
    const inv = await loadInventory([path.join(root, 'p2/hosts.ini')]);
    const vars = inv.hostVars('h');
    // child is deeper than parent even though both are listed; high has priority 5 over low's 1.
    expect(vars).toMatchObject({ depth: 'child', file_depth: 'child', name: 'c', prio: 'high' });
    expect(vars['ansible_group_priority']).toBeUndefined();
  });

  it('applies a group var file over every group\'s inventory vars (levels, not groups, come first)', async () => {
    await write('p3/hosts.ini', '[parent:children]\nchild\n[child]\nh\n[child:vars]\nv=child-inline\n');
    await write('p3/group_vars/parent.yml', 'v: parent-file\n');
    const inv = await loadInventory([path.join(root, 'p3/hosts.ini')]);
    expect(inv.hostVars('h')['v']).toBe('parent-file');
  });

  it('merges shallowly: a dict in a higher level replaces the whole dict', async () => {
    await write('p4/hosts.yml', 'all:\n  vars:\n    cfg: { a: 1, b: 2 }\n  hosts:\n    h: { cfg: { a: 9 } }\n');
    const inv = await loadInventory([path.join(root, 'p4/hosts.yml')]);
    expect(inv.hostVars('h')['cfg']).toEqual({ a: 9 });
  });

  it('lets a later inventory source\'s group_vars win over an earlier one\'s, and the playbook\'s over both', async () => {
    await write('p5/a/hosts.ini', '[web]\nw\n');
    await write('p5/a/group_vars/web.yml', 'x: a\ny: a\nz: a\n');
    await write('p5/b/hosts.ini', '[web]\nw\n');
    await write('p5/b/group_vars/web.yml', 'y: b\nz: b\n');
    await write('p5/play/group_vars/web.yml', 'z: play\n');
    const inv = await loadInventory([path.join(root, 'p5/a/hosts.ini'), path.join(root, 'p5/b/hosts.ini')], {
      playbookDir: path.join(root, 'p5/play'),
    });
    expect(inv.hostVars('w')).toMatchObject({ x: 'a', y: 'b', z: 'play' });
  });

  it('returns a fresh object each time', async () => {
    await write('p6/hosts.ini', 'h a=1\n');
    const inv = await loadInventory([path.join(root, 'p6/hosts.ini')]);
    inv.hostVars('h')['a'] = 2;
    expect(inv.hostVars('h')['a']).toBe(1);
  });
});

describe('InventoryHost.vars', () => {
  it('holds the inventory host vars with host_vars/ files merged in, but no group vars', async () => {
    await write('p7/inv/hosts.ini', '[web]\nh a=inline b=inline\n[web:vars]\ng=group\n');
    await write('p7/inv/host_vars/h.yml', 'b: file\n');
    await write('p7/play/host_vars/h.yml', 'c: play\n');
    const inv = await loadInventory([path.join(root, 'p7/inv/hosts.ini')], { playbookDir: path.join(root, 'p7/play') });
    expect(inv.hosts.get('h')?.vars).toMatchObject({ a: 'inline', b: 'file', c: 'play' });
    expect(inv.hosts.get('h')?.vars['g']).toBeUndefined();
    expect(inv.hosts.get('h')?.groups).toEqual(['web']);
  });

  it('orders group_vars files source by source, then group by group, like Ansible', async () => {
    await write('p8/a/hosts.ini', '[parent:children]\nchild\n[child]\nh\n');
    await write('p8/a/group_vars/child.yml', 'v: a-child\n');
    await write('p8/b/hosts.ini', '[parent]\n');
    await write('p8/b/group_vars/parent.yml', 'v: b-parent\n');
    const inv = await loadInventory([path.join(root, 'p8/a/hosts.ini'), path.join(root, 'p8/b/hosts.ini')]);
    expect(inv.hostVars('h')['v']).toBe('b-parent');
  });
});
