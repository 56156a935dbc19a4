/**
 * What --json and the verbosity levels show. Ansible's own output for the debug tasks (ansible-
 * playbook 2.14, `-i localhost, -c local`, with and without -v) is quoted in DEBUG_AS_ANSIBLE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encrypt } from '../../src/vault/crypt.js';
import { vaultSecret } from '../../src/vault/secrets.js';
import { LOCAL_HOSTS, Project, type RunOutput } from '../support/project.js';

const PASSWORD = 'layout-test-vault-password';
const TOKEN = 'S3nt-Token-value';
const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');

const PLAYBOOK = `
- hosts: h1
  gather_facts: false
  vars:
    d: {a: 1, b: [x, y]}
  tasks:
    - name: a dict as msg
      debug: { msg: "{{ d }}" }
    - name: a dict as var
      debug: { var: d }
    - name: a text
      debug: { msg: hello }
    - name: a command with a secret
      shell: "printf '%s\\\\n' sent-as-is {{ token }} | tr a-z A-Z"
    - name: a long failure
      shell: "seq 1 3000; echo to-stderr >&2; exit 3"
      ignore_errors: true
- hosts: no_such_group
  tasks: [{ debug: { msg: never } }]
`;

/** ansible-playbook's output for the three debug tasks: the same with -v. */
const DEBUG_AS_ANSIBLE = `ok: [h1] => {
    "msg": {
        "a": 1,
        "b": [
            "x",
            "y"
        ]
    }
}`;
const VAR_AS_ANSIBLE = `ok: [h1] => {
    "d": {
        "a": 1,
        "b": [
            "x",
            "y"
        ]
    }
}`;
const TEXT_AS_ANSIBLE = `ok: [h1] => {
    "msg": "hello"
}`;

let project: Project;
const out: Record<string, RunOutput> = {};
beforeAll(async () => {
  project = await Project.create({
    'hosts.ini': LOCAL_HOSTS,
    'vault-pass': `${PASSWORD}\n`,
    'group_vars/web.yml': `token: !vault |\n${indent(encrypt(TOKEN, vaultSecret(PASSWORD)))}\n`,
    'site.yml': PLAYBOOK,
  });
  const opts = { vaultPasswordFile: [project.path('vault-pass')] };
  out.json = await project.run(opts);
  for (const v of [0, 1, 2, 3]) out[`v${v}`] = await project.run({ ...opts, json: false, verbose: v });
}, 120_000);
afterAll(async () => {
  await project?.remove();
});

describe('--json', () => {
  it('a failed result carries rc, stdout and stderr (long ones cut with a marker) and the module result', () => {
    const lines = out.json?.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) ?? [];
    const failed = lines.find((l) => l.task === 'a long failure');
    expect(failed?.status).toBe('failed');
    expect(failed?.rc).toBe(3);
    expect(failed?.stderr).toBe('to-stderr');
    const stdout = String(failed?.stdout);
    expect(stdout).toMatch(/^1\n2\n3\n/);
    expect(stdout).toMatch(/\n\[\.\.\. \d+ characters cut \.\.\.\]\n/);
    expect(stdout).toMatch(/\n2999\n3000$/);
    expect(stdout.length).toBeLessThan(4100);
    const result = failed?.result as Record<string, unknown>;
    expect(result).toMatchObject({ rc: 3, stderr: 'to-stderr', msg: 'non-zero return code', cmd: 'seq 1 3000; echo to-stderr >&2; exit 3' });
    expect(result.stdout).toBe(stdout);
    expect(result).not.toHaveProperty('stdout_lines');
    // the fields a result that did not fail does not carry
    const ok = lines.find((l) => l.task === 'a text');
    expect(ok).not.toHaveProperty('rc');
    expect(ok).not.toHaveProperty('result');
  });

  it('a warning is a JSON line on stdout, and stderr stays empty', () => {
    const warnings = out.json?.stdout.split('\n').filter((l) => l.includes('"event":"warning"')) ?? [];
    expect(warnings.map((l) => JSON.parse(l) as unknown)).toEqual([
      { event: 'warning', msg: expect.stringMatching(/site\.yml:\d+:\d+: Could not match supplied host pattern, ignoring: no_such_group$/) as unknown },
      { event: 'warning', msg: 'no hosts matched "no_such_group" in play "no_such_group"' },
    ]);
    expect(out.json?.stderr).toBe('');
  });

  it('a dict in a debug msg is a dict in the result, and JSON text in msg', () => {
    const line = out.json?.results.find((r) => r.task === 'a dict as msg');
    expect(line?.msg).toBe('{"a":1,"b":["x","y"]}');
  });
});

describe('the console', () => {
  it("lays debug output out as Ansible does, with and without -v", () => {
    for (const v of ['v0', 'v1']) {
      const text = out[v]?.stdout ?? '';
      expect(text, v).toContain(DEBUG_AS_ANSIBLE);
      expect(text, v).toContain(VAR_AS_ANSIBLE);
      expect(text, v).toContain(TEXT_AS_ANSIBLE);
    }
  });

  it('-vv shows each command as it was sent, secrets masked', () => {
    const text = out.v2?.stdout ?? '';
    expect(text).toContain("<h1> printf '%s\\n' sent-as-is ******** | tr a-z A-Z");
    expect(text).toContain('<h1> seq 1 3000; echo to-stderr >&2; exit 3');
    expect(text).not.toContain(TOKEN);
    expect(out.v1?.stdout).not.toContain('<h1> printf');
  });

  it('-vvv adds where each command went, its exit code and time', () => {
    expect(out.v3?.stdout).toMatch(/<h1> seq 1 3000; echo to-stderr >&2; exit 3\n {4}\(via local, rc=3, [\d.]+ ms\)/);
    expect(out.v2?.stdout).not.toContain('(via local');
  });
});
