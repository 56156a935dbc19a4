import { describe, expect, test } from 'vitest';
import { pyYamlDump } from './pyyaml.js';

// expected texts are PyYAML's yaml.dump output as Ansible's to_nice_yaml / to_yaml call it
describe('PyYAML layout', () => {
  const data = { b: [1, 'two', { x: 1, y: [1, 2] }, [3, [4]]], a: { k: 'v: w', e: [], f: {} }, s: 'multi\nline\n', q: 'yes', n: null, t: '\tx' };
  test('to_nice_yaml: block style, indent 4, "-   " before a collection in a list', () => {
    expect(pyYamlDump(data, { indent: 4, flowStyle: false })).toBe(
      "a:\n    e: []\n    f: {}\n    k: 'v: w'\nb:\n- 1\n- two\n-   x: 1\n    y:\n    - 1\n    - 2\n-   - 3\n    -   - 4\nn: null\nq: 'yes'\ns: 'multi\n\n    line\n\n    '\nt: \"\\tx\"\n",
    );
  });
  test('to_yaml: collections of scalars in flow style', () => {
    expect(pyYamlDump(data, {})).toBe(
      "a:\n  e: []\n  f: {}\n  k: 'v: w'\nb:\n- 1\n- two\n- x: 1\n  y: [1, 2]\n- - 3\n  - [4]\nn: null\nq: 'yes'\ns: 'multi\n\n  line\n\n  '\nt: \"\\tx\"\n",
    );
  });
  test('long scalars fold at the width', () => {
    expect(pyYamlDump({ long: 'word '.repeat(6).trim() }, { width: 20 })).toBe('{long: word word word\n    word word word}\n');
  });
});
