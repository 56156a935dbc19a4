import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const vars = {
  ok: { rc: 0, changed: false, failed: false },
  bad: { rc: 1, failed: true, changed: false },
  loop: { changed: false, results: [{ changed: false }, { changed: true }] },
  skip: { skipped: true, changed: false },
  n: 7,
  f: 1.5,
  s: 'web01.example.com',
  l: [1, 2, 3],
  d: { a: 1 },
};
const is = (expr: string): unknown => templar.evaluate(expr, vars);

describe('tests', () => {
  test.each([
    ['s is defined', true],
    ['zz is undefined', true],
    ['none is none', true],
    ['n is none', false],
    ["s is match('web')", true],
    ["s is match('example')", false],
    ["s is search('example')", true],
    ["s is regex('^WEB', ignorecase=true)", true],
    ['l is contains(3)', true],
    ['[1, 2] is subset(l)', true],
    ['l is superset([3])', true],
    ['s is string', true],
    ['n is string', false],
    ['n is number', true],
    ['n is integer', true],
    ['f is integer', false],
    ['f is float', true],
    ['true is boolean', true],
    ['d is mapping', true],
    ['l is mapping', false],
    ['l is iterable', true],
    ['s is sequence', true],
    ['n is iterable', false],
    ['n is equalto(7)', true],
    ['n is eq(7)', true],
    ['n is ne(7)', false],
    ['n is lt(8)', true],
    ['n is gt(8)', false],
    ['n is ge(7)', true],
    ['n is le(6)', false],
    ["'2.10' is version('2.9', '>')", true],
    ["'1.0.0' is version_compare('1.0.1', 'lt')", true],
    ['ok is success', true],
    ['ok is succeeded', true],
    ['bad is failed', true],
    ['bad is succeeded', false],
    ['ok is changed', false],
    ['loop is changed', true],
    ['skip is skipped', true],
    ['ok is skipped', false],
    ["'x' is truthy", true],
    ['[] is falsy', true],
    ['n is odd', true],
    ['n is even', false],
    ['9 is divisibleby(3)', true],
    ['not (s is match("db"))', true],
    ['s is not match("db")', true],
  ])('%s', (expr, expected) => {
    expect(is(expr)).toBe(expected);
  });

  test('result tests require a dict', () => {
    expect(() => is('n is failed')).toThrow(/expects a dictionary/);
  });
  test('tests other than defined/undefined do not accept undefined values', () => {
    expect(() => is('zz is none')).toThrow("'zz' is undefined");
  });
});
