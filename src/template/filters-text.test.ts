import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const long = 'The quick brown fox jumps over the lazy dog';
const r = (src: string): unknown => templar.renderValue(src, { long });

// expected values printed by Jinja2 3.1 under ansible-core 2.14
describe('truncate, wordwrap, replace and unique as Jinja2/Ansible have them', () => {
  test.each([
    ['{{ long | truncate(20) }}', 'The quick brown...'],
    ['{{ long | truncate(20, true) }}', 'The quick brown f...'],
    ["{{ long | truncate(20, false, '>>') }}", 'The quick brown>>'],
    ['{{ long | truncate(40) }}', long],
    ['{{ long | truncate(40, leeway=0) }}', 'The quick brown fox jumps over the...'],
    ["{{ 'Lorem ipsum dolor sit amet, consectetur adipiscing elit' | wordwrap(20) }}", 'Lorem ipsum dolor\nsit amet,\nconsectetur\nadipiscing elit'],
    ["{{ 'abcdefghijklmnop qr' | wordwrap(5) }}", 'abcde\nfghij\nklmno\np qr'],
    ["{{ 'abcdefghijklmnop qr' | wordwrap(5, false) }}", 'abcdefghijklmnop\nqr'],
    ["{{ 'one-two-three four' | wordwrap(9, wrapstring='|') }}", 'one-two-|three|four'],
    ["{{ 'abc' | replace('', '.') }} {{ 'abc' | replace('', '.', 2) }}", '.a.b.c. .a.bc'],
    ["{{ ['a', 'A', 'b', 'a'] | unique }} {{ ['a', 'A'] | unique(case_sensitive=true) }}", "['a', 'b'] ['a', 'A']"],
  ])('%s', (src, expected) => {
    expect(r(src)).toBe(expected);
  });
});
