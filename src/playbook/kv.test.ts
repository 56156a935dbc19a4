import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FREE_FORM_KEYS, parseKv, splitModuleString } from './kv.js';

/** [text, free-form?, what Ansible 2.14's parse_kv returns] — recorded from ansible-core itself. */
const CASES: [string, boolean, Record<string, unknown> | 'error'][] = [
  ['echo one\necho two\n', true, { _raw_params: 'echo one\necho two\n' }],
  ['echo one\necho two', true, { _raw_params: 'echo one\necho two' }],
  ['dest=/x content="x=1\\n"', false, { dest: '/x', content: 'x=1\n' }],
  ["dest=/x content='a\\tb'", false, { dest: '/x', content: 'a\tb' }],
  ['echo hi creates=/tmp/x chdir=/tmp', true, { creates: '/tmp/x', chdir: '/tmp', _raw_params: 'echo hi' }],
  ['echo "a  b"  c', true, { _raw_params: 'echo "a  b"  c' }],
  ["echo 'x=1' y=2 creates=/c", true, { creates: '/c', _raw_params: "echo 'x=1' y=2" }],
  ['msg="{{ a | default(\'x y\') }}" other=1', false, { msg: "{{ a | default('x y') }}", other: '1' }],
  ['echo {{ a }}  and {{ b }}', true, { _raw_params: 'echo {{ a }}  and {{ b }}' }],
  ['for i in 1 2; do\n  echo $i\ndone\n', true, { _raw_params: 'for i in 1 2; do\n  echo $i\ndone\n' }],
  ['echo a \\\n  b', true, { _raw_params: 'echo a  b' }],
  ['echo "line1\nline2"', true, { _raw_params: 'echo "line1\nline2"' }],
  ['path=/etc/x line="a\\x41\\u00e9" mode=0644', false, { path: '/etc/x', line: 'aA\u00e9', mode: '0644' }],
  ['echo a\\=b', true, { _raw_params: 'echo a=b' }],
  ['content="say \\"hi\\"" dest=/x', false, { content: 'say "hi"', dest: '/x' }],
  ['echo \\n literal', true, { _raw_params: 'echo \\n literal' }],
  ["key='it''s'", false, { key: "it''s" }],
  ['echo "unbalanced', true, 'error'],
];

function ours(text: string, freeForm: boolean): Record<string, unknown> | 'error' {
  try {
    return parseKv(text, freeForm ? FREE_FORM_KEYS : undefined);
  } catch {
    return 'error';
  }
}

describe('key=value arguments as Ansible splits them', () => {
  it.each(CASES)('%j (free-form: %s)', (text, freeForm, want) => {
    expect(ours(text, freeForm)).toEqual(want);
  });

  it('include_vars: every key=value is an argument, other words are the file (parse_kv without check_raw)', () => {
    expect(parseKv('file=common.yml name=kv', undefined, true)).toEqual({ file: 'common.yml', name: 'kv' });
    expect(parseKv('vars/a.yml chdir=x', undefined, true)).toEqual({ _raw_params: 'vars/a.yml', chdir: 'x' });
    expect(() => parseKv('vars/a.yml')).toThrow(/not of the form key=value/);
  });

  it('action: strings keep the lines of the command', () => {
    expect(splitModuleString('shell echo one\necho two')).toEqual({ module: 'shell', rest: 'echo one\n echo two' });
  });

  it('refuses a word that is not key=value for a module without free-form text', () => {
    expect(() => parseKv('dest=/x oops')).toThrow(/"oops" is not of the form key=value/);
  });

  // The table above was recorded from Ansible; when ansible-core is installed, check it still is.
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import sys; sys.path.insert(0, "/usr/lib/python3/dist-packages"); import ansible.parsing.splitter'], { encoding: 'utf8' });
  it.skipIf(probe.status !== 0)('the table is what the installed ansible-core answers', () => {
    const script = [
      'import sys, json',
      'sys.path.insert(0, "/usr/lib/python3/dist-packages")',
      'from ansible.parsing.splitter import parse_kv',
      'out = []',
      'for text, raw in json.load(sys.stdin):',
      '    try: out.append(parse_kv(text, check_raw=raw))',
      '    except Exception: out.append("error")',
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync(python, ['-c', script], { input: JSON.stringify(CASES.map(([t, r]) => [t, r])), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(CASES.map(([, , want]) => want));
  });
});
