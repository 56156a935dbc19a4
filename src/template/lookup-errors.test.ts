import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const r = (src: string): unknown => templar.renderValue(src, { a: 1, b: 'x' });

describe("lookup errors='ignore' and Python string methods, as in Ansible", () => {
  test.each([
    ["{{ lookup('file', '/nonexistent/compat', errors='ignore') }}", ''],
    ["{{ query('file', '/nonexistent/compat', errors='ignore') }}", []],
    ["{{ '-7'.zfill(4) }} {{ 'AbC'.swapcase() }} {{ 'k=v=w'.partition('=') }}", '-007 aBc (\'k\', \'=\', \'v=w\')'],
  ])('%s', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });

  test("errors='ignore' does not hide an undefined variable", () => {
    expect(() => r("{{ lookup('vars', 'nope', errors='ignore') }}")).toThrow(/nope/);
  });
});
