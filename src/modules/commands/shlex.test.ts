import { describe, expect, it } from 'vitest';
import { ShlexError, shlexSplit } from './shlex.js';

describe('shlexSplit (POSIX shlex.split, comments off)', () => {
  it.each([
    ['ls -l /tmp', ['ls', '-l', '/tmp']],
    ['  spaced   out  ', ['spaced', 'out']],
    ["echo 'a b' \"c d\"", ['echo', 'a b', 'c d']],
    ["echo 'it'\\''s'", ['echo', "it's"]],
    ['echo "a\\"b" "\\$x" "\\n"', ['echo', 'a"b', '$x', '\\n']],
    ['echo a\\ b', ['echo', 'a b']],
    ["echo ''", ['echo', '']],
    ['echo x""y', ['echo', 'xy']],
    ['echo $HOME `id` $(id) ; | > #c', ['echo', '$HOME', '`id`', '$(id)', ';', '|', '>', '#c']],
    ['a\tb\nc', ['a', 'b', 'c']],
    ['', []],
  ])('%j', (input, words) => {
    expect(shlexSplit(input)).toEqual(words);
  });

  it('rejects unbalanced quotes and a trailing backslash', () => {
    expect(() => shlexSplit("echo 'x")).toThrow(ShlexError);
    expect(() => shlexSplit('echo "x')).toThrow('No closing quotation');
    expect(() => shlexSplit('echo x\\')).toThrow('No escaped character');
  });
});
