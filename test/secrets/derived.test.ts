import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryCommand } from '../../src/cli/commands/inventory.js';
import { encrypt } from '../../src/vault/crypt.js';
import { vaultSecret } from '../../src/vault/secrets.js';
import { LOCAL_HOSTS, Project, type RunOutput } from '../support/project.js';
import { withRoundTripTrace } from '../support/round-trip-trace.js';

/**
 * Secrets as taint: values computed from vaulted values (filters, hashes, methods, slices,
 * concatenation, set_fact, register, loops, template files) are never shown, in any output
 * channel, while the files written on the host hold the real values. Each expression's real
 * value is read back from the file the run wrote; the test then looks for it (and for every
 * piece of eight characters of it) in --json, the plain console with --diff, -vvv, the
 * round-trip trace, the error messages and `play inventory --list`.
 */
const PASSWORD = 'derived-test-vault-password';
const TOKEN = 'Vau1tS3cretXYZ';
const PW2 = 'Hunter2-Pass';
const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
const vaulted = (name: string, value: string): string => `${name}: !vault |\n${indent(encrypt(value, vaultSecret(PASSWORD)))}\n`;
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/** Expressions of the vaulted `token` and `pw2`; single quotes only (they sit in YAML double quotes). */
const EXPRESSIONS = [
  'token | upper',
  'token | lower',
  'token | b64encode',
  "token | hash('sha1')",
  "token | hash('md5')",
  "token | hash('sha256')",
  "token | hash('sha512')",
  'token | checksum',
  'token | sha1',
  'token | md5',
  'token | reverse',
  "token | replace('Vau', 'Wxy')",
  "token | regex_replace('[0-9]', '#')",
  "token | regex_replace('[a-z]', '*')",
  'token | title',
  'token | capitalize',
  'token | urlencode | b64encode',
  'token[2:]',
  'token[:-2]',
  'token[::-1]',
  '(token | upper)[3:]',
  'token.upper()',
  'token.lower()',
  "token.replace('S', 's')",
  "token.split('S')[1]",
  "token | split('X') | first",
  "(token ~ ':4711') | hash('sha1')",
  "('x-' ~ token ~ '-y') | md5",
  "('%s:%s' % (token, 'u')) | sha1",
  "'{}!'.format(token) | b64encode",
  "[token, 'b'] | join(':') | sha1",
  "[token, pw2] | map('upper') | join(',')",
  "[token, pw2] | map('b64encode') | list | join('|')",
  'token | to_json | b64encode',
  "{'k': token} | to_json | md5",
  'token | b64encode | b64encode',
  'token | b64encode | reverse',
  "token | upper | hash('sha1')",
  '(token * 2) | sha1',
  'token | trim | lower | b64encode',
  "token | regex_findall('[a-z]+') | join('+') | upper",
  "lookup('vars', 'token') | upper",
  "dict(a=token) | dict2items | map(attribute='value') | map('lower') | join",
  '(token + pw2) | checksum',
  'pw2 | upper',
  'pw2 | b64encode',
  "pw2 | hash('sha1')",
  '(pw2 ~ token) | md5',
  'pw2[1:] | reverse',
  "(token | b64encode) ~ '=='",
  "token | regex_replace('^Vau', 'pre-') | upper",
  "(token | sha1)[:12] | upper",
  'derived_var | upper',
  'derived_var',
];

const tpl = (e: string): string => `"{{ ${e} }}"`;

function playbook(): string {
  const tasks: string[] = [];
  EXPRESSIONS.forEach((e, i) => {
    tasks.push(`    - name: show ${i}\n      debug: { msg: ${tpl(e)} }`);
    tasks.push(`    - name: write ${i}\n      copy: { content: ${tpl(`${e} ~ '\\n'`)}, dest: "{{dir}}/out/e${i}" }`);
  });
  const facts = EXPRESSIONS.map((e, i) => `        sf${i}: ${tpl(e)}`).join('\n');
  const allFacts = `[${EXPRESSIONS.map((_, i) => `sf${i}`).join(', ')}]`;
  const loop = `[${EXPRESSIONS.join(', ')}]`;
  const echo = EXPRESSIONS.slice(0, 12).map((e) => `echo {{ (${e}) | quote }}`).join('; ');
  return `
- hosts: h1
  gather_facts: false
  vars:
    derived_var: "{{ (token ~ '/' ~ pw2) | sha1 }}"
  tasks:
    - name: a fresh output directory, so that every run shows its diffs
      file: { path: "{{dir}}/out", state: absent }
    - file: { path: "{{dir}}/out", state: directory }
${tasks.join('\n')}
    - name: set_fact
      set_fact:
${facts}
    - name: the facts
      debug: { msg: "{{ ${allFacts} }}" }
    - name: the facts as a variable
      debug: { var: sf3 }
    - name: register
      shell: "${echo}"
      register: echoed
    - name: the registered result
      debug: { var: echoed }
    - name: a loop
      debug: { msg: "{{ item | upper }} and {{ item }}" }
      loop: "{{ ${loop} }}"
    - name: a template file
      template: { src: all.j2, dest: "{{dir}}/out/all.txt" }
    - name: a failure quoting derived values
      fail: { msg: "bad {{ token | sha1 }} {{ pw2 | b64encode }}" }
      ignore_errors: true
    - name: an assertion
      assert: { that: "(token | upper) == 'nope'", fail_msg: "{{ token | md5 }} is wrong" }
      ignore_errors: true
    - name: parse a derived value as JSON
      debug: { msg: "{{ (token | b64encode) | from_json }}" }
      ignore_errors: true
    - name: the last failure
      fail: { msg: "{{ derived_var | upper }}" }
`;
}

const TEMPLATE = EXPRESSIONS.map((e, i) => `e${i}={{ ${e} }}`).join('\n') + '\n';

/** Every piece of eight characters of `value` that `text` shows. */
function shownPieces(text: string, value: string): string[] {
  if (value.length <= 8) return text.includes(value) ? [value] : [];
  return [...Array(value.length - 7).keys()].map((i) => value.slice(i, i + 8)).filter((p) => text.includes(p));
}

async function inventoryList(p: Project): Promise<string> {
  let out = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (out += s) }, isTTY: false };
  const cwd = process.cwd();
  process.chdir(p.dir);
  try {
    await inventoryCommand({ list: true, inventory: [p.path('hosts.ini')], vaultPasswordFile: [p.path('vault-pass')] }, io);
  } finally {
    process.chdir(cwd);
  }
  return out;
}

function files(secretVars: string): Record<string, string> {
  return {
    'hosts.ini': LOCAL_HOSTS,
    'vault-pass': `${PASSWORD}\n`,
    'group_vars/web.yml': secretVars + `inventory_derived: "{{ token | upper }}"\n`,
    'site.yml': playbook(),
    'templates/all.j2': TEMPLATE,
  };
}

async function runChannels(p: Project): Promise<{ outputs: Record<string, string>; runs: RunOutput[] }> {
  const opts = { vaultPasswordFile: [p.path('vault-pass')], diff: true };
  const json = await p.run(opts);
  const plain = await p.run({ ...opts, json: false });
  const { out: vvv, trace } = await withRoundTripTrace(() => p.run({ ...opts, json: false, verbose: 3 }));
  const errors = json.results.filter((r) => r.status === 'failed').map((r) => r.msg ?? '').join('\n');
  return {
    outputs: { json: json.stdout + json.stderr, plain: plain.stdout + plain.stderr, vvv: vvv.stdout + vvv.stderr, trace, errors, inventory: await inventoryList(p) },
    runs: [json, plain, vvv],
  };
}

describe('values derived from vaulted values', () => {
  let project: Project;
  let outputs: Record<string, string>;
  let runs: RunOutput[];
  let values: string[];
  beforeAll(async () => {
    project = await Project.create(files(vaulted('token', TOKEN) + vaulted('pw2', PW2)));
    ({ outputs, runs } = await runChannels(project));
    values = await Promise.all(EXPRESSIONS.map(async (_, i) => (await readFile(project.path(`out/e${i}`), 'utf8')).replace(/\n$/, '')));
  }, 240_000);
  afterAll(async () => {
    await project?.remove();
  });

  it('the runs did all their work, and failed only at the last task', () => {
    expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(50);
    for (const run of runs) expect(run.code).toBe(2);
    expect(runs[0]?.results.filter((r) => r.status === 'failed').map((r) => r.task)).toEqual([
      'a failure quoting derived values',
      'an assertion',
      'parse a derived value as JSON',
      'the last failure',
    ]);
  });

  it('the files on the host hold the real values', async () => {
    expect(values[0]).toBe(TOKEN.toUpperCase());
    expect(values[3]).toBe(sha1(TOKEN));
    expect(values[2]).toBe(Buffer.from(TOKEN).toString('base64'));
    expect(values[26]).toBe(sha1(`${TOKEN}:4711`));
    const all = await readFile(project.path('out/all.txt'), 'utf8');
    values.forEach((v, i) => expect(all).toContain(`e${i}=${v}\n`));
  });

  it('no output channel shows any of them, or any piece of eight characters of one', () => {
    expect(outputs.plain).toContain('+++ after: ');
    expect(outputs.trace).toContain('[round trip]');
    expect(outputs.errors).toContain('bad ********');
    for (const [channel, text] of Object.entries(outputs)) {
      const leaks = EXPRESSIONS.flatMap((e, i) => shownPieces(text, values[i] ?? '').map((p) => `${e} => ${p}`));
      expect(leaks, channel).toEqual([]);
    }
  });
});

describe('the same values without the vault', () => {
  it('are shown: the checks above can fail', async () => {
    const project = await Project.create(files(`token: ${TOKEN}\npw2: ${PW2}\n`));
    try {
      const json = await project.run({ diff: true });
      expect(json.code).toBe(2);
      expect(shownPieces(json.stdout, sha1(TOKEN))).not.toEqual([]);
      expect(json.stdout).toContain(TOKEN.toUpperCase());
    } finally {
      await project.remove();
    }
  }, 120_000);
});
