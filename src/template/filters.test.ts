import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const vars = {
  users: [
    { name: 'bob', uid: 1002, admin: true, shell: '/bin/bash' },
    { name: 'alice', uid: 1001, admin: false },
    { name: 'Carol', uid: 1003, admin: true, shell: '/bin/zsh' },
  ],
  nums: [3, 1, 2, 3],
  words: ['b', 'A', 'c'],
  conf: { b: 2, a: { x: 1 } },
  nested: [1, [2, [3, [4]]], null],
  text: 'Line one\nline two',
};
const r = (src: string): unknown => templar.renderValue(src, vars);

describe('filters', () => {
  test.each([
    // defaults and types
    ["{{ none | default('x') is none }}", true],
    ["{{ none | default('x') }}", ''], // None is defined; Ansible writes it as ''
    ["{{ 'yes' | bool }}", true],
    ["{{ 'off' | bool }}", false],
    ['{{ 1 | bool }}', true],
    ["{{ 't' | bool }}", false], // ansible-core 2.14's filter is narrower than boolean()
    ["{{ '42' | int }}", 42],
    ["{{ '3.9' | int }}", 3],
    ["{{ 'x' | int }}", 0],
    ["{{ 'x' | int(7) }}", 7],
    ["{{ '0x1F' | int(base=16) }}", 31],
    ["{{ '2.5' | float }}", 2.5],
    ['{{ 5 | string }}', '5'],
    ['{{ true | string }}', 'True'],
    // strings
    ["{{ 'AbC' | lower }}", 'abc'],
    ["{{ 'AbC' | upper }}", 'ABC'],
    ["{{ '  x  ' | trim }}", 'x'],
    ["{{ 'a-b-c' | replace('-', '+') }}", 'a+b+c'],
    ["{{ 'a,b,c' | split(',') }}", ['a', 'b', 'c']],
    ["{{ 'a b' | split }}", ['a', 'b']],
    ["{{ text | indent(2) }}", 'Line one\n  line two'],
    ["{{ text | indent(2, true) }}", '  Line one\n  line two'],
    ["{{ 'a b&c/d' | urlencode }}", 'a%20b%26c/d'],
    // sequences
    ['{{ nums | length }}', 4],
    ['{{ conf | count }}', 2],
    ["{{ 'abc' | length }}", 3],
    ['{{ nums | first }}', 3],
    ['{{ nums | last }}', 3],
    ['{{ nums | min }}', 1],
    ['{{ nums | max }}', 3],
    ['{{ nums | sum }}', 9],
    ["{{ users | sum(attribute='uid') }}", 3006],
    ['{{ nums | unique }}', [3, 1, 2]],
    ['{{ nums | sort }}', [1, 2, 3, 3]],
    ['{{ nums | sort(reverse=true) }}', [3, 3, 2, 1]],
    ['{{ words | sort }}', ['A', 'b', 'c']],
    ["{{ users | sort(attribute='uid') | map(attribute='name') | list }}", ['alice', 'bob', 'Carol']],
    ["{{ users | sort(attribute='name') | map(attribute='name') | list }}", ['alice', 'bob', 'Carol']],
    ["{{ nums | join(',') }}", '3,1,2,3'],
    ["{{ users | join(', ', attribute='name') }}", 'bob, alice, Carol'],
    ["{{ nums | select('>', 1) | list }}", [3, 2, 3]],
    ["{{ nums | reject('equalto', 3) | list }}", [1, 2]],
    ["{{ [0, 1, '', 'a'] | select | list }}", [1, 'a']],
    ["{{ nums | select('odd') | list }}", [3, 1, 3]],
    ["{{ users | selectattr('admin') | map(attribute='name') | list }}", ['bob', 'Carol']],
    ["{{ users | selectattr('shell', 'defined') | map(attribute='name') | list }}", ['bob', 'Carol']],
    ["{{ users | rejectattr('shell', 'defined') | map(attribute='name') | list }}", ['alice']],
    ["{{ users | selectattr('name', 'equalto', 'alice') | map(attribute='uid') | first }}", 1001],
    ["{{ users | selectattr('name', 'match', '^[a-c]') | map(attribute='name') | list }}", ['bob', 'alice']],
    ["{{ users | selectattr('uid', '>', 1001) | map(attribute='name') | list }}", ['bob', 'Carol']],
    ["{{ users | map(attribute='shell', default='/bin/sh') | list }}", ['/bin/bash', '/bin/sh', '/bin/zsh']],
    ["{{ words | map('upper') | list }}", ['B', 'A', 'C']],
    ["{{ ['a', 'b'] | map('regex_replace', '^', 'x-') | list }}", ['x-a', 'x-b']],
    ['{{ nested | flatten }}', [1, 2, 3, 4]],
    ['{{ nested | flatten(levels=1) }}', [1, 2, [3, [4]]]],
    ["{{ [1, 2] | zip(['a', 'b', 'c']) | list }}", [[1, 'a'], [2, 'b']]],
    ['{{ nums | reverse | list }}', [3, 2, 1, 3]],
    ["{{ 'ab' | list }}", ['a', 'b']],
    ['{{ -3 | abs }}', 3],
    ['{{ 2.567 | round(1) }}', 2.6],
    ['{{ 2.5 | round }}', 2],
    ["{{ 2.1 | round(0, 'ceil') }}", 3],
    ["{{ true | ternary('on', 'off') }}", 'on'],
    ["{{ none | ternary('on', 'off', 'unset') }}", 'unset'],
    ['{{ [1, 2] | union([2, 3]) }}', [1, 2, 3]],
    ['{{ [1, 2] | intersect([2, 3]) }}', [2]],
    ['{{ [1, 2] | difference([2, 3]) }}', [1]],
    // dicts
    ["{{ conf | combine({'b': 3, 'a': {'y': 2}}) }}", { b: 3, a: { y: 2 } }],
    ["{{ conf | combine({'a': {'y': 2}}, recursive=true) }}", { b: 2, a: { x: 1, y: 2 } }],
    ["{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}", { a: 3, b: 2 }],
    ["{{ {'a': 1} | dict2items }}", [{ key: 'a', value: 1 }]],
    ["{{ {'a': 1} | dict2items(key_name='k', value_name='v') }}", [{ k: 'a', v: 1 }]],
    ["{{ [{'key': 'a', 'value': 1}] | items2dict }}", { a: 1 }],
    ["{{ [['a', 1], ['b', 2]] | dict }}", { a: 1, b: 2 }],
    ['{{ conf.items() | list | length }}', 2],
    // data formats
    ["{{ {'b': [1, 2], 'a': 'é'} | to_json }}", '{"b": [1, 2], "a": "\\u00e9"}'],
    ["{{ {'b': 1, 'a': [1]} | to_nice_json }}", '{\n    "a": [\n        1\n    ],\n    "b": 1\n}'],
    ['{{ \'{"a": [1, 2]}\' | from_json }}', { a: [1, 2] }],
    ["{{ {'b': 1, 'a': {'x': [1, 2]}} | to_yaml }}", 'a:\n  x: [1, 2]\nb: 1\n'],
    ["{{ {'b': 1, 'a': {'x': 1}} | to_nice_yaml }}", 'a:\n    x: 1\nb: 1\n'],
    ["{{ 'a: [1, 2]' | from_yaml }}", { a: [1, 2] }],
    // regex
    ["{{ 'abc123' | regex_replace('[0-9]+', '#') }}", 'abc#'],
    ["{{ 'key=val' | regex_replace('^(\\w+)=(\\w+)$', '\\2=\\1') }}", 'val=key'],
    ["{{ 'host-01' | regex_replace('(?P<n>\\d+)$', '<\\g<n>>') }}", 'host-<01>'],
    ["{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}", 'AxC'],
    ["{{ 'version 1.2.3' | regex_search('[0-9.]+') }}", '1.2.3'],
    ["{{ 'version 1.2.3' | regex_search('(\\d+)\\.(\\d+)', '\\2', '\\1') }}", ['2', '1']],
    ["{{ 'none here' | regex_search('[0-9]') is none }}", true],
    ["{{ 'none here' | regex_search('[0-9]') }}", ''],
    ["{{ 'a1b22c333' | regex_findall('[0-9]+') }}", ['1', '22', '333']],
    ["{{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}", [['k1', 'v1'], ['k2', 'v2']]],
    ["{{ 'a.b' | regex_escape }}", 'a\\.b'],
    // encodings, paths, hashes, quoting
    ["{{ 'hello' | b64encode }}", 'aGVsbG8='],
    ["{{ 'aGVsbG8=' | b64decode }}", 'hello'],
    ["{{ '/etc/asterisk/sip.conf' | basename }}", 'sip.conf'],
    ["{{ '/etc/asterisk/sip.conf' | dirname }}", '/etc/asterisk'],
    ["{{ 'hello' | hash('sha1') }}", 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ["{{ 'hello' | hash('md5') }}", '5d41402abc4b2a76b9719d911017c592'],
    ["{{ \"it's\" | quote }}", `'it'"'"'s'`],
    ["{{ 'safe' | quote }}", 'safe'],
    // versions
    ["{{ '1.8.32.3' | version('1.8.4', '>') }}", true],
    ["{{ '22.5.1~dfsg' | version('22.5', 'ge') }}", true],
    ["{{ '2.0' | version_compare('2.0.0', '==', version_type='semver') }}", true],
    ["{{ '1.10' | version('1.9', 'lt') }}", false],
  ])('%s', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });

  test('max with attribute returns the element', () => {
    expect(r("{{ (users | max(attribute='uid')).name }}")).toBe('Carol');
  });
  test('selectattr with a test on a missing attribute is an error (not silently false)', () => {
    expect(() => r("{{ users | selectattr('shell', 'equalto', 'x') | list }}")).toThrow(/shell/);
  });
  test('version with an unknown operator is an error', () => {
    expect(() => r("{{ '1' | version('2', 'bigger') }}")).toThrow(/Invalid operator/);
  });
  test('unknown keyword argument is an error', () => {
    expect(() => r("{{ nums | sort(nope=1) }}")).toThrow(/unexpected keyword argument 'nope'/);
  });
});
