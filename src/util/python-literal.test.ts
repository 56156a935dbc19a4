import { describe, expect, it } from 'vitest';
import { iniValue, parsePythonLiteral } from './python-literal.js';

describe('iniValue (Python literal_eval semantics)', () => {
  it.each([
    ['2222', 2222],
    ['-5', -5],
    ['1_000', 1000],
    ['0x1F', 31],
    ['0o755', 0o755],
    ['0b101', 5],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['0', 0],
    ['True', true],
    ['False', false],
    ['None', null],
    ["'a b'", 'a b'],
    ['"x\\ty"', 'x\ty'],
    ["r'a\\n'", 'a\\n'],
    ["'a' 'b'", 'ab'],
    ['b"bytes"', 'bytes'],
    ['[1, "two", [3]]', [1, 'two', [3]]],
    ['(1, 2)', [1, 2]],
    ['(1,)', [1]],
    ['(7)', 7],
    ["{'k': 1, 2: [True]}", { k: 1, '2': [true] }],
    ['{1, 2}', [1, 2]],
    ['{}', {}],
    ['[]', []],
    ['5  # a comment', 5],
  ])('%s is a literal', (text, value) => {
    expect(iniValue(text)).toEqual(value);
  });

  it.each(['yes', 'true', 'hello world', '0644', '1j', 'foo.bar', '[1, 2', "'unterminated", '', '1 2'])(
    '%s stays the raw string',
    (text) => {
      expect(parsePythonLiteral(text).ok).toBe(false);
      expect(iniValue(text)).toBe(text);
    },
  );

  it('keeps integers too large for a double as text', () => {
    expect(iniValue('123456789012345678901')).toBe('123456789012345678901');
  });
});
