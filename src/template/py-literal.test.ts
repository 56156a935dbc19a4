import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';
import { evalConcat } from './py-literal.js';

const templar = new Templar();
const r = (src: string): unknown => templar.renderValue(src, { a: 1, b: 'x' });

// Ansible 2.14 (not native): a template's whole text becomes data when it is a Python literal
describe('a rendered template that is a Python literal becomes data, as in Ansible', () => {
  test.each([
    ["[{{ a }}, '{{ b }}']", [1, 'x']],
    ["{% if true %}True{% endif %}", true],
    ["{'k': {{ a }}, 'l': (1, 2), 'n': None}", { k: 1, l: [1, 2], n: null }],
    ['[{{ b }}]', '[x]'],
    ['x {{ a }}', 'x 1'],
    ["[{{ lookup('file', '/nonexistent/compat', errors='ignore') }}]", []],
    ["{{ query('file', '/nonexistent/compat', errors='ignore') }}", []],
    ["{{ '-7'.zfill(4) }} {{ 'AbC'.swapcase() }} {{ 'k=v=w'.partition('=') }}", '-007 aBc (\'k\', \'=\', \'v=w\')'],
  ])('%s', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });

  test('literal syntax it does not take stays text', () => {
    expect(evalConcat("['a' 'b', \"c\\n\"]")).toEqual(['ab', 'c\n']);
    expect(evalConcat('[1, 2')).toBe('[1, 2');
    expect(evalConcat('{a: 1}')).toBe('{a: 1}');
    expect(evalConcat('[-1.5e3, 0x10]')).toEqual([-1500, 16]);
  });

  test("errors='ignore' does not hide an undefined variable", () => {
    expect(() => r("{{ lookup('vars', 'nope', errors='ignore') }}")).toThrow(/nope/);
  });
});
