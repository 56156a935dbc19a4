import { describe, expect, test } from 'vitest';
import { Templar, TemplateSyntaxError } from './index.js';

const templar = new Templar();
const vars = { s: 'a1 b2' };

// JavaScript source below: '\\d' is the two characters backslash and d, as YAML hands them over
describe('string literals read as Python reads them (Jinja2 unicode-escape)', () => {
  test.each([
    ["'a1' is search('a\\d')", true],
    ["s is search('^a\\d\\s')", true],
    ["s is not search('\\D\\D\\D')", true],
    ["'a\\qb' | length == 4", true],
    ["'a\\\\b' | length == 3", true],
    ["'a\\nb' | length == 3", true],
    ["'a\\x41\\101\\u0042\\U00000043' == 'aAABC'", true],
    ["'it\\'s' == \"it's\"", true],
    ["'\\8' | length == 2", true],
  ])('bare condition %s', (cond, expected) => {
    expect(templar.isTrue(cond, vars)).toBe(expected);
  });

  test('in a block tag of a playbook string and in a template file, unknown escapes keep their backslash', () => {
    expect(templar.renderValue("{% if s is search('a\\d') %}yes{% endif %}", vars)).toBe('yes');
    expect(templar.renderString("{% set r = 'x\\d\\ty' %}{{ r }}", vars)).toBe('x\\d\ty');
  });

  test('inside {{ }} of a playbook string the backslashes stay as written', () => {
    expect(templar.renderValue("{{ 'a\\d' ~ '|' ~ 'x\\ty' }}", vars)).toBe('a\\d|x\\ty');
  });

  test('a truncated \\x escape is a syntax error', () => {
    expect(() => templar.isTrue("'\\x4' == 'a'", vars)).toThrow(TemplateSyntaxError);
  });
});
