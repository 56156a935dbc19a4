import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import type { UnsafeText } from '../template/unsafe.js';
import { InventoryData } from './data.js';
import { looksLikeYamlInventory, parseYamlInventory } from './yaml.js';

const FILE = '/srv/inv/hosts.yml';

function yaml(text: string, warnings: string[] = []): InventoryData {
  const data = new InventoryData();
  parseYamlInventory(text, FILE, data, warnings);
  data.reconcile();
  return data;
}

function parseErrorOf(text: string): ParseError {
  try {
    yaml(text);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const LAB = `
all:
  vars:
    ansible_user: root
  hosts:
    loner:
  children:
    web:
      hosts:
        web1: { ansible_port: 2222 }
        web2:
      vars:
        http_port: 80
    lab:
      children:
        web:
        db:
          hosts:
            db1:
`;

describe('YAML inventory', () => {
  it('reads hosts, vars and children', () => {
    const data = yaml(LAB);
    expect([...data.hosts.keys()]).toEqual(['loner', 'web1', 'web2', 'db1']);
    expect(data.groups.get('all')?.vars).toEqual({ ansible_user: 'root' });
    expect(data.groups.get('web')?.vars).toEqual({ http_port: 80 });
    expect(data.hosts.get('web1')?.vars['ansible_port']).toBe(2222);
    expect(data.groups.get('lab')?.children).toEqual(['web', 'db']);
    expect(data.groups.get('web')?.parents).toEqual(['all', 'lab']);
  });

  it('puts hosts listed directly under all into ungrouped too', () => {
    const data = yaml(LAB);
    expect(data.groups.get('all')?.hosts).toEqual(['loner']);
    expect(data.groups.get('ungrouped')?.hosts).toEqual(['loner']);
    expect(data.hosts.get('loner')?.groups).toEqual(['ungrouped']);
  });

  it('merges the vars of a host listed under several groups', () => {
    const data = yaml('all:\n  children:\n    a:\n      hosts:\n        h: { x: 1, y: 1 }\n    b:\n      hosts:\n        h: { y: 2 }\n');
    expect(data.hosts.get('h')?.vars).toMatchObject({ x: 1, y: 2 });
    expect(data.hosts.get('h')?.groups).toEqual(['a', 'b']);
  });

  it('reads YAML 1.1 scalars the way Ansible does', () => {
    const data = yaml('all:\n  vars:\n    a: yes\n    b: Off\n    mode: 0644\n    text: "0644"\n    answer: y\n    n: 1\n');
    expect(data.groups.get('all')?.vars).toEqual({ a: true, b: false, mode: 0o644, text: '0644', answer: 'y', n: 1 });
  });

  it('resolves merge keys and anchors', () => {
    const data = yaml('all:\n  hosts:\n    a: &base { user: root, port: 22 }\n    b: { <<: *base, port: 2222 }\n');
    expect(data.hosts.get('b')?.vars).toMatchObject({ user: 'root', port: 2222 });
  });

  it('expands ranges and ports in host names', () => {
    const data = yaml('all:\n  hosts:\n    "web[1:2]:2200":\n      x: 1\n');
    expect([...data.hosts.keys()]).toEqual(['web1', 'web2']);
    expect(data.hosts.get('web2')?.vars).toMatchObject({ ansible_port: 2200, x: 1 });
  });

  it('accepts top-level groups other than all, and a string as a one-host mapping', () => {
    const data = yaml('web:\n  hosts: web1\n');
    expect(data.groups.get('web')?.hosts).toEqual(['web1']);
    expect(data.groups.get('all')?.children).toContain('web');
  });

  it('reads !unsafe values (scalars, and every string value of a list or mapping) as never templated', () => {
    const data = yaml('all:\n  vars:\n    g: !unsafe "{{ a }}"\n  hosts:\n    h:\n      s: !unsafe "{% b %}"\n      m: !unsafe { "{{ k }}": "{{ c }}", n: 1, l: ["{{ d }}"] }\n      plain: "{{ e }}"\n');
    const text = (v: unknown): string => (v as UnsafeText).text;
    const vars = data.hosts.get('h')?.vars ?? {};
    expect(text(data.groups.get('all')?.vars.g)).toBe('{{ a }}');
    expect(text(vars.s)).toBe('{% b %}');
    const m = vars.m as Record<string, unknown>;
    expect(Object.keys(m)).toEqual(['{{ k }}', 'n', 'l']);
    expect([text(m['{{ k }}']), m.n, text((m.l as unknown[])[0])]).toEqual(['{{ c }}', 1, '{{ d }}']);
    expect(vars.plain).toBe('{{ e }}');
  });

  it('treats an empty file as an empty inventory', () => {
    expect(yaml('').hosts.size).toBe(0);
  });

  it('warns about and skips unknown group keys', () => {
    const warnings: string[] = [];
    yaml('all:\n  host:\n    web1:\n', warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${FILE}:2:3`);
    expect(warnings[0]).toContain("'host'");
  });
});

describe('YAML inventory errors', () => {
  it('reports syntax errors with line and column', () => {
    const err = parseErrorOf('all:\n  hosts:\n    a: [1, 2\n');
    expect(err.code).toBe('YAML_SYNTAX');
    expect(err.source?.file).toBe(FILE);
    expect(err.source?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports hosts written as a list', () => {
    const err = parseErrorOf('all:\n  hosts:\n    - web1\n');
    expect(err.source).toEqual({ file: FILE, line: 3, col: 5 });
    expect(err.hint).toContain('not a list');
  });

  it('reports a document that is not a mapping', () => {
    expect(parseErrorOf('- web1\n').message).toContain('mapping');
  });

  it('reports host vars that are not a mapping', () => {
    expect(parseErrorOf('all:\n  hosts:\n    web1: 22\n').source?.line).toBe(3);
  });

  it('reports a bad range with its line', () => {
    const err = parseErrorOf('all:\n  hosts:\n    web[1:x]:\n');
    expect(err.code).toBe('INVENTORY_BAD_RANGE');
    expect(err.source?.line).toBe(3);
  });

  it('reports a group cycle', () => {
    const err = parseErrorOf('a:\n  children:\n    b:\n      children:\n        a:\n');
    expect(err.code).toBe('INVENTORY_CYCLE');
    // b (and b's child a) are read first; the cycle closes when b is attached to a.
    expect(err.source?.line).toBe(3);
  });

  it('refuses inventory plugins', () => {
    expect(parseErrorOf('plugin: aws_ec2\n').message).toContain('plugins');
  });
});

describe('looksLikeYamlInventory', () => {
  it.each([
    ['all:\n  hosts:\n    a:\n', true],
    ['web:\n', true],
    ['[web]\nweb1\n', false],
    ['web1\nweb2 ansible_port=22\n', false],
    ['key: value\n', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeYamlInventory(text)).toBe(expected);
  });
});
