import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const score = { score: 75 };
const r = (src: string, vars: Record<string, unknown> = score): unknown => templar.renderValue(src, vars);

// expected values printed by Jinja2 3.1 under ansible-core 2.14
describe('inline if as Jinja2 parses it', () => {
  test.each([
    ["{{ 'A' if score > 90 else 'B' if score > 70 else 'C' }}", 'B'],
    ["{{ 'A' if score > 90 else 'B' if score > 80 else 'C' }}", 'C'],
    ["{{ 'A' if score > 50 else 'B' if score > 70 else 'C' }}", 'A'],
    ["[{{ 'A' if score > 90 else 'B' if score > 80 }}]", '[]'],
    ["{{ 1 if false else 2 if false else 3 if true else 4 }}", 3],
    ["{% for x in [1, 2, 3] if x > 1 %}{{ x }}{% endfor %}", '23'],
  ])('%s', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });
});

describe('raw blocks as Jinja2 lexes them', () => {
  test.each([
    ['a {%- raw -%} {{ x }} {%- endraw -%} b', 'a{{ x }}b'],
    ['{% raw %}\nx{% endraw %}\ny', '\nxy'],
    ['{% raw %}  x  {% endraw %}  y', '  x    y'],
    ['{% raw %}{% raw %}x{% endraw %}', '{% raw %}x'],
    ['{%raw%}a{%endraw%}', 'a'],
    ['a\n  {%- raw %}x{% endraw -%}\n\n b', 'axb'],
    ['{% raw %}a{%endraw%}{% raw %}b{% endraw %}', 'ab'],
    ['{{ 1 + 1 }} {% raw %}{{ 1 + 1 }}{% endraw %}', '2 {{ 1 + 1 }}'],
  ])('%j', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });

  test('a raw block without endraw is a syntax error', () => {
    expect(() => r('{% raw %}x')).toThrow(/Missing end of raw directive/);
  });
});
