import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from './shlex.js';

const words = (line: string): string[] => shlexSplit(line).map((w) => w.text);

describe('shlexSplit', () => {
  it('splits on whitespace and reports offsets', () => {
    expect(shlexSplit('web1  a=1')).toEqual([
      { text: 'web1', offset: 0 },
      { text: 'a=1', offset: 6 },
    ]);
  });

  it('removes quotes and keeps quoted spaces', () => {
    expect(words(`h x="a b" y='c "d"' z=e"f g"`)).toEqual(['h', 'x=a b', 'y=c "d"', 'z=ef g']);
  });

  it('handles backslash escapes outside and inside double quotes', () => {
    expect(words(String.raw`h a=\"q\" b="x\"y\\z\n"`)).toEqual(['h', 'a="q"', String.raw`b=x"y\z\n`]);
  });

  it('treats an unquoted # as the start of a comment', () => {
    expect(words('h a=1 # comment b=2')).toEqual(['h', 'a=1']);
    expect(words('h a=x#y')).toEqual(['h', 'a=x']);
    expect(words('h a="x#y"')).toEqual(['h', 'a=x#y']);
  });

  it('rejects an unclosed quote with its position', () => {
    expect(() => shlexSplit('h a="open')).toThrow(ShlexError);
    try {
      shlexSplit('h a="open');
    } catch (err) {
      expect((err as ShlexError).offset).toBe(4);
    }
  });
});
