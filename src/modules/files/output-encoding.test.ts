import { describe, expect, test } from 'vitest';
import { encodeOutput } from './output-encoding.js';

describe('output_encoding', () => {
  test.each([
    ['utf-8', 'c3a9'],
    ['UTF8', 'c3a9'],
    ['latin-1', 'e9'],
    ['ISO-8859-1', 'e9'],
    ['utf-16-le', 'e900'],
  ])('%s writes é as %s', (encoding, hex) => {
    expect(encodeOutput('é', encoding).toString('hex')).toBe(hex);
  });
  test("a character the encoding lacks fails as Python's strict encoder", () => {
    expect(() => encodeOutput('a€', 'latin-1')).toThrow("'latin-1' codec can't encode character '\\u20ac' in position 1: ordinal not in range(256)");
    expect(() => encodeOutput('é', 'ascii')).toThrow(/ordinal not in range\(128\)/);
  });
  test('an encoding play cannot write is refused by name', () => {
    expect(() => encodeOutput('x', 'cp1252')).toThrow(/output_encoding 'cp1252' is not supported/);
  });
});
