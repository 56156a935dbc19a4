import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encrypt } from '../../src/vault/crypt.js';
import { vaultSecret } from '../../src/vault/secrets.js';
import { LOCAL_HOSTS, Project, type RunOutput } from '../support/project.js';
import { withRoundTripTrace } from '../support/round-trip-trace.js';

/**
 * Vaulted values stay masked where the audit found them shown: a task name that renders one, the
 * `cmd` of a command whose value has a ' (shell-quoted, it is spelled differently), an error
 * that quotes the start of one (from_json), the round-trip trace, and values of one or two
 * characters (masked as a whole field). Each is checked through a real run on the local
 * connection, in --json, the plain console and -vv with PLAY_TRACE_ROUND_TRIPS=1.
 */
let project: Project | undefined;
let vaultedProject: Project;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const PASSWORD = 'masking-test-vault-password';
const TOKEN = 'Vau1tS3cretXYZ';
const QUOTED = "it's-Qu0ted'pw";
const PIN = '42';
const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
const vaulted = (name: string, value: string): string => `${name}: !vault |\n${indent(encrypt(value, vaultSecret(PASSWORD)))}\n`;

const PLAYBOOK = `
- hosts: h1
  gather_facts: false
  tasks:
    - name: deploy with {{ api_token }}
      debug: { msg: hello }
    - name: command with a quote in its argument
      command: echo {{ quoted_secret | quote }}
    - name: shell with the quote filter
      shell: echo {{ quoted_secret | quote }} > {{dir}}/quoted.out
    - name: parse the token as JSON
      debug: { msg: "{{ (api_token ~ ', then more text') | from_json }}" }
      ignore_errors: true
    - name: the pin as a message
      debug: { msg: "{{ pin }}" }
    - name: the pin as a variable
      debug: { var: pin }
`;

/** Every piece of six characters of the secrets, and the short one as a quoted JSON value. */
function leaks(text: string): string[] {
  const pieces = [TOKEN, QUOTED, `'\\''s-Qu0ted`, `'"'"'s-Qu0ted`].flatMap((s) => [...Array(s.length - 5).keys()].map((i) => s.slice(i, i + 6)));
  const found = pieces.filter((p) => text.includes(p));
  if (/"(pin|msg)": ?"42"/.test(text)) found.push('the pin');
  return found;
}

async function runAll(p: Project): Promise<{ json: RunOutput; plain: RunOutput; vv: RunOutput; trace: string }> {
  const opts = { vaultPasswordFile: [p.path('vault-pass')] };
  const json = await p.run(opts);
  const plain = await p.run({ ...opts, json: false });
  const { out: vv, trace } = await withRoundTripTrace(() => p.run({ ...opts, json: false, verbose: 2 }));
  return { json, plain, vv, trace };
}

describe('vaulted values are masked everywhere they are shown', () => {
  let outputs: Record<'json' | 'plain' | 'vv' | 'trace', string>;
  let json: RunOutput;
  beforeAll(async () => {
    vaultedProject = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'vault-pass': `${PASSWORD}\n`,
      'group_vars/web.yml': [vaulted('api_token', TOKEN), vaulted('quoted_secret', QUOTED), vaulted('pin', PIN)].join(''),
      'site.yml': PLAYBOOK,
    });
    const runs = await runAll(vaultedProject);
    json = runs.json;
    outputs = { json: runs.json.stdout + runs.json.stderr, plain: runs.plain.stdout + runs.plain.stderr, vv: runs.vv.stdout + runs.vv.stderr, trace: runs.trace };
    for (const out of [runs.json, runs.plain, runs.vv]) expect(out.code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await vaultedProject?.remove();
  });

  it('the tasks did their work with the real values, and no piece of a secret is shown anywhere', async () => {
    expect(await readFile(vaultedProject.path('quoted.out'), 'utf8')).toBe(`${QUOTED}\n`);
    expect(outputs.trace).toMatch(/\[round trip\] .*echo/);
    for (const [what, text] of Object.entries(outputs)) expect(leaks(text), what).toEqual([]);
  });

  it('a task name that renders a vaulted value: masked in --json and on the console', () => {
    expect(json.results.map((r) => r.task)).toContain('deploy with ********');
    expect(outputs.plain).toContain('TASK [deploy with ********]');
    expect(outputs.vv).toContain('TASK [deploy with ********]');
    expect(outputs.json).not.toContain(TOKEN);
  });

  it("cmd of a command whose value has a ': masked although the shell quoting spells it differently", () => {
    // command's cmd is its argv, as Ansible's; shell's is its script, shell-quoted
    expect(outputs.vv).toContain(`"cmd":["echo","********"]`);
    // the quote filter's output is derived from the secret: a secret as a whole
    expect(outputs.vv).toContain(`"cmd":"echo ******** > `);
    expect(outputs.vv).not.toContain(`s-Qu0ted`);
  });

  it('an error that would quote the start of a vaulted value (from_json) says where, not what', () => {
    const failed = json.results.find((r) => r.task === 'parse the token as JSON');
    expect(failed?.status).toBe('failed');
    expect(failed?.msg).toMatch(/from_json: the value is not valid JSON/);
    for (const text of Object.values(outputs)) expect(text).not.toMatch(/Vau1|"V'/);
  });

  it('PLAY_TRACE_ROUND_TRIPS=1 shows the commands with the values masked', () => {
    expect(outputs.trace).toMatch(/echo '?\*{8}'?/);
    expect(outputs.trace).not.toContain('Qu0ted');
  });

  it('a value of two characters: masked as a whole field', () => {
    expect(json.results.find((r) => r.task === 'the pin as a message')?.msg).toBe('********');
    expect(outputs.plain).toContain('"pin": "********"');
    expect(outputs.plain).toContain('"msg": "********"');
    expect(outputs.vv).toContain('"pin": "********"');
  });
});

describe('without the vault', () => {
  it('the same run shows what the others hide (the checks can fail)', async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'vault-pass': `${PASSWORD}\n`,
      'group_vars/web.yml': `api_token: ${TOKEN}\nquoted_secret: "${QUOTED}"\npin: "${PIN}"\n`,
      'site.yml': PLAYBOOK,
    });
    const { json, plain, vv, trace } = await runAll(project);
    expect(json.code).toBe(0);
    expect(leaks(json.stdout)).toEqual(expect.arrayContaining(['Vau1tS', 'the pin']));
    expect(leaks(plain.stdout)).toEqual(expect.arrayContaining(['Vau1tS']));
    // the quote filter spells a ' as Python's shlex.quote does: '"'"'
    expect(leaks(vv.stdout)).toEqual(expect.arrayContaining([`"'s-Qu`]));
    expect(leaks(trace)).toEqual(expect.arrayContaining([`"'s-Qu`]));
  }, 60_000);
});
