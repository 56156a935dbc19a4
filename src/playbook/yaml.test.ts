import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
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
});
