import { describe, expect, it } from 'vitest';
import { Templar, lazyVars } from './index.js';
import { renderedTextAsData } from './literal-text.js';

/** Expected values are what ansible-core 2.14 (jinja2_native off) gives for the same template. */
describe('rendered text read back as data (ansible_eval_concat)', () => {
  const templar = new Templar();
  const r = (src: string, vars: Record<string, unknown> = {}): unknown => templar.renderValue(src, { a: 1, b: 2, t: '[1, 2]', ...vars });

  it.each([
    ['[{{ a }}, {{ b }}]', [1, 2]],
    ['{{ t }}', [1, 2]],
    ["{{ '{\"k\": true, \"n\": null}' }}", { k: true, n: null }],
    ["{{ 'True' }}", true],
    ['{{ a > b }}', false],
    ["{{ '[general]' }}", '[general]'],
    ["{{ '{foo}' }}", '{foo}'],
    ["{{ '5' }}", '5'],
    ["{{ ' [1]' }}", ' [1]'],
    ["{{ 'true' }}", 'true'],
    ["{{ [1, 'a'] | string }}", "[1, 'a']"],
    ['{{ {"a": 1} | to_json }}', '{"a": 1}'],
    ["= {{ [1] | string }}", "= [1]"],
    ["{{ [1] | string }}{{ '' }}", [1]],
  ])('%s', (src, expected) => expect(r(src)).toEqual(expected));

  // NativeJinjaText: the whole output is one value a string filter marked (native-text.ts)
  it.each([
    ['{{ (l | to_json) }}', '[1, 2]'],
    ['{{ l | to_json | trim }}', [1, 2]],
    ['{{ l | string | upper }}', [1, 2]],
    ['{{ l | to_json | string }}', '[1, 2]'],
    ["{{ l | to_json ~ '' }}", [1, 2]],
    ["{{ (l | to_json) + '' }}", [1, 2]],
    ['{{ l | to_json }} ', [1, 2]],
    ['{% if true %}{{ l | to_json }}{% endif %}', '[1, 2]'],
    ['{% if true %} {{ l | to_json }}{% endif %}', ' [1, 2]'],
    ['{% for x in [1] %}{{ l | to_json }}{% endfor %}', '[1, 2]'],
    ["{{ l | to_json if true else '' }}", '[1, 2]'],
    ["{{ l | to_json | default('x') }}", '[1, 2]'],
    ["{{ true | ternary(l | to_json, 'x') }}", '[1, 2]'],
    ['{{ nope | default(l | to_json) }}', '[1, 2]'],
    ['{% set t = l | to_json %}{{ t }}', '[1, 2]'],
    ['{{ [l | to_json] | first }}', '[1, 2]'],
    ["{{ {'k': l | to_json}.k }}", '[1, 2]'],
    ['{% macro m() %}{{ l | to_json }}{% endmacro %}{{ m() }}', '[1, 2]'],
    ['{% macro m() %}x{{ l | to_json }}{% endmacro %}{{ m() }}', 'x[1, 2]'],
    ['{% set t %}{{ l | to_json }}{% endset %}{{ t }}', '[1, 2]'],
    ['{% set t %}[1, 2]{% endset %}{{ t }}', [1, 2]],
    ['{% filter trim %}{{ l | to_json }}{% endfilter %}', [1, 2]],
    ['{{ [l | to_json] }}', ['[1, 2]']],
    ["{{ 'True' | string }}", 'True'],
    ["{{ 'true' | capitalize }}", true],
  ])('%s', (src, expected) => expect(r(src, { l: [1, 2] })).toEqual(expected));

  it('keeps the mark of a variable whose own template gave marked text', () => {
    const vars = lazyVars({ l: [1, 2], j: '{{ l | to_json }}', nested: '{{ j }}', s: '[1, 2]' }, templar);
    expect(templar.renderValue('{{ j }}', vars)).toBe('[1, 2]');
    expect(templar.renderValue('{{ nested }}', vars)).toBe('[1, 2]');
    expect(templar.renderValue('{{ s }}', vars)).toEqual([1, 2]);
    expect(templar.renderValue('{{ j | trim }}', vars)).toEqual([1, 2]);
  });

  it('leaves text without template syntax alone', () => expect(r('[1, 2]')).toBe('[1, 2]'));
  it('never reads text that is not a string', () => expect(renderedTextAsData(5)).toBe(5));
  it('keeps text as text where the caller asks for text (renderString)', () => expect(templar.renderString('[{{ a }}]', { a: 1 })).toBe('[1]'));
});
