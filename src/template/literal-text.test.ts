import { describe, expect, it } from 'vitest';
import { Templar } from './index.js';
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

  it('leaves text without template syntax alone', () => expect(r('[1, 2]')).toBe('[1, 2]'));
  it('never reads text that is not a string', () => expect(renderedTextAsData(5)).toBe(5));
  it('keeps text as text where the caller asks for text (renderString)', () => expect(templar.renderString('[{{ a }}]', { a: 1 })).toBe('[1]'));
});
