import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { UnsafeText, isMarkedContainer } from '../template/unsafe.js';
import { itemPosOf, keyPosOf, parseYaml } from './yaml.js';

describe('playbook YAML', () => {
  it('reads values the way Ansible (PyYAML, YAML 1.1) does', () => {
    expect(parseYaml('a: yes\nb: off\nc: y\nd: n\ne: 0644\nf: 1_000\n', 'x.yml')).toEqual({ a: true, b: false, c: 'y', d: 'n', e: 0o644, f: 1000 });
  });

  it('resolves anchors and merge keys', () => {
    expect(parseYaml('base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n', 'x.yml')).toEqual({ base: { x: 1, y: 2 }, other: { x: 1, y: 3 } });
  });

  it('remembers where keys and list items are', () => {
    const data = parseYaml('tasks:\n  - name: a\n  - just text\n', 'x.yml') as { tasks: unknown[] };
    expect(keyPosOf(data, 'tasks')).toEqual({ file: 'x.yml', line: 1, col: 1 });
    expect(itemPosOf(data.tasks, 1)).toEqual({ file: 'x.yml', line: 3, col: 5 });
  });

  it('rejects duplicate keys and tabs with their position', () => {
    expect(() => parseYaml('a: 1\na: 2\n', 'x.yml')).toThrow(ParseError);
    try {
      parseYaml('a:\n\tb: 1\n', 'x.yml');
    } catch (err) {
      expect((err as ParseError).source).toEqual({ file: 'x.yml', line: 2, col: 1 });
    }
  });

  it('reads !unsafe values as data that is never templated, on scalars, lists and mappings', () => {
    const data = parseYaml('a: !unsafe "{{ x }}"\nb: !unsafe 12\nl: !unsafe [1, "{% y %}"]\nm: !unsafe { k: "{{ z }}" }\nplain: "{{ x }}"\n', 'x.yml') as Record<string, unknown>;
    const text = (v: unknown): string => (v as UnsafeText).text;
    expect(data.a).toBeInstanceOf(UnsafeText);
    expect([text(data.a), text(data.b)]).toEqual(['{{ x }}', '12']);
    expect((data.l as unknown[])[0]).toBe(1);
    expect(text((data.l as unknown[])[1])).toBe('{% y %}');
    expect(text((data.m as Record<string, unknown>).k)).toBe('{{ z }}');
    expect(isMarkedContainer(data.l) && isMarkedContainer(data.m)).toBe(true);
    expect(data.plain).toBe('{{ x }}');
  });
});
