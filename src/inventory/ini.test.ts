import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { InventoryData } from './data.js';
import { parseIniInventory } from './ini.js';

const FILE = '/srv/inv/hosts';

function ini(text: string): InventoryData {
  const data = new InventoryData();
  parseIniInventory(text, FILE, data);
  data.reconcile();
  return data;
}

function parseErrorOf(text: string): ParseError {
  try {
    ini(text);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

describe('INI inventory', () => {
  it('puts hosts before any section in ungrouped', () => {
    const data = ini('loner\n[web]\nweb1\n');
    expect(data.groups.get('ungrouped')?.hosts).toEqual(['loner']);
    expect(data.hosts.get('loner')?.groups).toEqual(['ungrouped']);
    expect(data.groups.get('all')?.children).toEqual(['ungrouped', 'web']);
  });

  it('types inline host vars like Python literals', () => {
    const data = ini(`[web]\nweb1 ansible_port=2222 ratio=0.5 on=True off=no list='[1, 2]' name="a b" mode=0644 d="{'k': 'v'}"\n`);
    expect(data.hosts.get('web1')?.vars).toMatchObject({
      ansible_port: 2222,
      ratio: 0.5,
      on: true,
      off: 'no',
      list: [1, 2],
      name: 'a b',
      mode: '0644',
      d: { k: 'v' },
    });
  });

  it('records the inventory file and directory on each host', () => {
    const vars = ini('h1\n').hosts.get('h1')?.vars;
    expect(vars).toMatchObject({ inventory_file: FILE, inventory_dir: '/srv/inv' });
  });

  it('takes a port after the host name, and inline ansible_port wins over it', () => {
    const data = ini('a:2201\nb:2202 ansible_port=22\n[v6]\n[::1]:2203\n');
    expect(data.hosts.get('a')?.vars['ansible_port']).toBe(2201);
    expect(data.hosts.get('b')?.vars['ansible_port']).toBe(22);
    expect(data.hosts.get('::1')?.vars['ansible_port']).toBe(2203);
  });

  it('reads [group:vars] (whole rest of the line is the value)', () => {
    const data = ini('[web]\nw1\n[web:vars]\ngreeting = hello world\nport=8080\nquoted="8080"\nflag=False\n');
    expect(data.groups.get('web')?.vars).toEqual({ greeting: 'hello world', port: 8080, quoted: '8080', flag: false });
  });

  it('nests groups with [group:children], declared before or after', () => {
    const data = ini('[lab:children]\npbx\nkvm\n[pbx]\nv1\n[kvm]\nk1\n');
    expect(data.groups.get('lab')?.children).toEqual(['pbx', 'kvm']);
    expect(data.groups.get('pbx')?.parents).toEqual(['lab']);
    expect(data.groups.get('all')?.children).toEqual(['ungrouped', 'lab']);
  });

  it('expands host ranges in host lines', () => {
    const data = ini('[web]\nweb[01:03] x=1\n');
    expect([...data.hosts.keys()]).toEqual(['web01', 'web02', 'web03']);
    expect(data.hosts.get('web03')?.vars['x']).toBe(1);
  });

  it('ignores # and ; comments, blank lines and trailing comments', () => {
    const data = ini('# top\n; also\n\n[web] # the web tier\nweb1 # first\n');
    expect(data.groups.get('web')?.hosts).toEqual(['web1']);
  });

  it('moves a host out of ungrouped once it appears in a group', () => {
    const data = ini('h1\n[web]\nh1\n');
    expect(data.groups.get('ungrouped')?.hosts).toEqual([]);
    expect(data.hosts.get('h1')?.groups).toEqual(['web']);
  });

  it('turns ansible_group_priority into the group priority, not a variable', () => {
    const data = ini('[web]\nw\n[web:vars]\nansible_group_priority=10\n');
    expect(data.groups.get('web')?.priority).toBe(10);
    expect(data.groups.get('web')?.vars).toEqual({});
  });

  it('allows an empty group and [all:vars]', () => {
    const data = ini('[empty]\n[all:vars]\nansible_user=root\n');
    expect(data.groups.get('empty')?.hosts).toEqual([]);
    expect(data.groups.get('all')?.vars).toEqual({ ansible_user: 'root' });
  });
});

describe('INI inventory errors', () => {
  it('reports an unknown section type with its line', () => {
    const err = parseErrorOf('h\n\n[web:hostz]\n');
    expect(err.source).toEqual({ file: FILE, line: 3, col: 1 });
    expect(err.message).toContain("unknown type 'hostz'");
    expect(err.hint).toBeTruthy();
  });

  it('reports a section name with spaces', () => {
    expect(parseErrorOf('[my group]\n').source?.line).toBe(1);
  });

  it('reports a host variable without =', () => {
    const err = parseErrorOf('[web]\n  web1 ansible_port\n');
    expect(err.source).toEqual({ file: FILE, line: 2, col: 8 });
  });

  it('reports an unclosed quote', () => {
    const err = parseErrorOf('[web]\nweb1 x="open\n');
    expect(err.source?.line).toBe(2);
    expect(err.message).toContain('no closing quotation');
  });

  it('reports a bad host range', () => {
    const err = parseErrorOf('[web]\nok\nweb[3:1]\n');
    expect(err.code).toBe('INVENTORY_BAD_RANGE');
    expect(err.source?.line).toBe(3);
  });

  it('reports a :vars line without =', () => {
    expect(parseErrorOf('[web]\nw\n[web:vars]\njustaword\n').source?.line).toBe(4);
  });

  it('reports [g:vars] for a group never declared', () => {
    const err = parseErrorOf('[ghost:vars]\nx=1\n');
    expect(err.code).toBe('INVENTORY_UNDEFINED_GROUP');
    expect(err.source?.line).toBe(1);
  });

  it('reports a child group never declared', () => {
    const err = parseErrorOf('[lab:children]\npbx\nmissing\n[pbx]\n');
    expect(err.message).toContain("'missing'");
    expect(err.source?.line).toBe(3);
  });

  it('reports a group that is its own ancestor', () => {
    const err = parseErrorOf('[a:children]\nb\n[b:children]\na\n');
    expect(err.code).toBe('INVENTORY_CYCLE');
    expect(err.source?.line).toBe(4);
  });

  it('refuses a YAML document separator as a host', () => {
    expect(parseErrorOf('---\nall:\n').message).toContain('YAML');
  });

  it('refuses a host ending in ":" without a port', () => {
    expect(parseErrorOf('web1:\n').message).toContain('port');
  });
});
