import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const vars = { n: null, d: { k: null } };

describe('None in a single-expression string, as Ansible 2.14 renders it', () => {
  test.each([
    ['{{ none }}', ''],
    ['{{ None }}', ''],
    ['{{ d.k }}', ''],
    ["{{ d.get('q') }}", ''],
    ['{{ n if true else 1 }}', ''],
    ['{{- n -}}', ''],
    ['{{ n }}', null],
    ['{{n}}', null],
    ['{{ [none, n] }}', [null, null]],
  ])('%s gives %j', (text, expected) => {
    expect(templar.renderValue(text, vars)).toEqual(expected);
  });
});
