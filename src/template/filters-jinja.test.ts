import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const hosts = [{ name: 'a', dc: 'East' }, { name: 'b', dc: 'west' }, { name: 'c', dc: 'east' }, { name: 'd' }];
const r = (src: string): unknown => templar.renderValue(src, { hosts, data: { b: [1], a: "x<y'" }, win: String.raw`C:\Users\f.txt`, unc: String.raw`\\h\s\x` });

// expected values printed by Jinja2 3.1 under ansible-core 2.14
describe('Jinja2 filters and Ansible tests as Jinja2/Ansible have them', () => {
  test.each([
    // "= " keeps the text: a rendered text that is a dict alone is read back as data (as in Ansible)
    ['= {{ data | tojson }}', '= {"a": "x\\u003cy\\u0027", "b": [1]}'],
    ["<ul{{ {'class': 'a&b', 'id': 'm', 'hidden': none} | xmlattr }}>", '<ul class="a&amp;b" id="m">'],
    ["{{ {'q': 'a b/c', 'n': 1} | urlencode }} {{ 'a b/c' | urlencode }}", 'q=a+b%2Fc&n=1 a%20b/c'],
    ["{{ data | attr('a') | default('none') }}", 'none'],
    ['{{ data | items | list }}', [['b', [1]], ['a', "x<y'"]]],
    ["{% for g in hosts | groupby('dc', default='-') %}{{ g.grouper }}={{ g.list | map(attribute='name') | join }} {% endfor %}", '-=d East=ac west=b '],
    ["{{ hosts | selectattr('dc', 'defined') | groupby('dc', case_sensitive=true) | map('first') | list }}", ['East', 'east', 'west']],
    ["{{ 'no' is truthy(convert_bool=true) }} {{ 'x' is truthy(convert_bool=true) }} {{ 'off' is falsy(convert_bool=true) }} {{ 'off' is falsy }}", 'False True True False'],
    ["{{ 'ab' | b64encode(encoding='utf-16-le') }} {{ 'YQBiAA==' | b64decode(encoding='utf-16-le') }}", 'YQBiAA== ab'],
    ["{{ {'l': [1]} | combine({'l': [2]}, list_merge='keep') }}", { l: [1] }],
    ["{{ 0 | default(1, boolean=true) }}", 1],
    ['{{ win | win_basename }} {{ win | win_dirname }} {{ unc | win_splitdrive | list }}', String.raw`f.txt C:\Users ['\\\\h\\s', '\\x']`],
    ["{{ 'a/b:c=d.e*(f)' | regex_escape }} {{ 'a.b(c)[d]' | regex_escape('posix_basic') }}", 'a/b:c=d\\.e\\*\\(f\\) a\\.b(c)\\[d\\]'],
  ])('%s', (src, expected) => {
    expect(r(src)).toEqual(expected);
  });
});
