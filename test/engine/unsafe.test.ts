/**
 * Output from a target is data, never a template; so is every `!unsafe` value. A file on a host
 * that holds Jinja2 reading the controller's secrets must travel through register, set_fact,
 * loops, includes and templates as text, byte for byte, and nothing of it may be evaluated.
 * Canary files on the controller stand for the secrets: their contents must appear nowhere.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project, type RunOutput } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const BECOME_CANARY = 'become-canary-7f3a';
const VAULT_CANARY = 'vault-canary-91c2';
const KEY_CANARY = 'key-canary-5e0d';
const CANARIES = [BECOME_CANARY, VAULT_CANARY, KEY_CANARY];

/** The audit's file on a target: another host's become password, the vault password, the controller's SSH key. */
function auditPayload(dir: string): string {
  return `{{ hostvars['s']['ansible_become_password'] }}|{{ lookup('file','${dir}/vault-pass') }}|{{ lookup('file','${dir}/id_ed25519') }}`;
}

/** The audit's payload, plus Jinja2 statements and comments, quotes, backslashes, non-ASCII text and an undefined name. */
function payloadFor(dir: string): string {
  return (
    `${auditPayload(dir)}\n` +
    `{% for x in [1, 2] %}{{ x }}{% endfor %}{# a comment #} {{ "quoted \\" }}" }} \\\\ ünïcødé 漢字 🎉\n` +
    '{{ undefined_variable_that_would_fail }}'
  );
}

async function attackProject(playbook: string, extra: Record<string, string> = {}, payloadOf = payloadFor): Promise<{ p: Project; payload: string }> {
  const p = await Project.create({
    'hosts.ini': `h1 ansible_connection=local\nh2 ansible_connection=local\ns ansible_connection=local ansible_become_password=${BECOME_CANARY} ansible_ssh_private_key_file={{dir}}/id_ed25519\n`,
    'vault-pass': `${VAULT_CANARY}\n`,
    id_ed25519: `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_CANARY}\n-----END OPENSSH PRIVATE KEY-----\n`,
    'site.yml': playbook,
    ...extra,
  });
  const payload = payloadOf(p.dir);
  // the "target": the local connection's file system
  await mkdir(p.path('target'), { recursive: true });
  await writeFile(p.path('target/evil.conf'), payload);
  return { p, payload };
}

function expectNoCanary(out: RunOutput, ...texts: string[]): void {
  for (const text of [out.stdout, out.stderr, ...texts]) for (const canary of CANARIES) expect(text).not.toContain(canary);
}

describe('output from a target is data, never a template', () => {
  it('the audit reproduction: a registered file that reads secrets when rendered is copied byte for byte', async () => {
    const { p, payload } = await attackProject(`
- hosts: h1
  gather_facts: false
  tasks:
    - command: cat {{dir}}/target/evil.conf
      register: current
    - copy: { content: "{{ current.stdout }}", dest: "{{dir}}/target/copied" }
`, {}, auditPayload);
    project = p;
    const out = await p.run({ vaultPasswordFile: [p.path('vault-pass')] });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const written = await readFile(p.path('target/copied'), 'utf8');
    expect(written).toBe(payload);
    expectNoCanary(out, written);
  });

  it('stays text through set_fact, filters, loops, register of a loop, slurp, include parameters and templates', async () => {
    const { p, payload } = await attackProject(
      `
- hosts: h1
  gather_facts: false
  vars:
    out: "{{dir}}/target"
    via_var: "{{ current.stdout }}"
  tasks:
    - command: cat {{ out }}/evil.conf
      register: current
    - slurp: { src: "{{ out }}/evil.conf" }
      register: slurped
    - set_fact:
        copied: "{{ current.stdout }}"
        lines: "{{ current.stdout_lines }}"
        prefixed: "pre {{ current.stdout }}"
        first_line: "{{ current.stdout.split('\\n') | first | trim }}"
        decoded: "{{ slurped.content | b64decode }}"
    - set_fact: { recopied: "{{ copied }}" }
    - command: cat {{ out }}/evil.conf
      loop: [1, 2]
      register: looped
    - debug: { msg: "{{ item }}" }
      loop: "{{ lines }}"
      register: echoed
    - copy: { content: "{{ item[1] }}", dest: "{{ out }}/{{ item[0] }}" }
      loop:
        - [set_fact, "{{ recopied }}"]
        - [prefixed, "{{ prefixed }}"]
        - [first_line, "{{ first_line }}"]
        - [slurp, "{{ decoded }}"]
        - [register_loop, "{{ looped.results[1].stdout }}"]
        - [loop_items, "{{ echoed.results | map(attribute='msg') | join('\\n') }}"]
        - [lazy_var, "{{ via_var }}"]
        - [debug_msg, "{{ echoed.results[0].msg }}"]
    - template: { src: show.j2, dest: "{{ out }}/template" }
    - include_tasks: write.yml
      vars: { param: "{{ current.stdout }}" }
`,
      {
        'templates/show.j2': '{{ recopied }}',
        'write.yml': '- copy: { content: "{{ param }}", dest: "{{ out }}/include" }\n',
      },
    );
    project = p;
    const out = await p.run({ vaultPasswordFile: [p.path('vault-pass')] });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const read = (name: string): Promise<string> => readFile(p.path(`target/${name}`), 'utf8');
    const lines = payload.split('\n');
    const expected: Record<string, string> = {
      set_fact: payload,
      prefixed: `pre ${payload}`,
      first_line: (lines[0] ?? '').trim(),
      slurp: payload,
      register_loop: payload,
      loop_items: payload,
      lazy_var: payload,
      debug_msg: lines[0] ?? '',
      template: payload,
      include: payload,
    };
    for (const [file, text] of Object.entries(expected)) {
      const written = await read(file);
      expect(written, file).toBe(text);
      expectNoCanary(out, written);
    }
    // reporters show the text as it is, too
    expect(out.results.filter((r) => r.task === 'debug').map((r) => r.msg)).toEqual(lines);
  });

  it('conditions and run_once registers see the text without evaluating it', async () => {
    const { p, payload } = await attackProject(`
- hosts: h1:h2
  gather_facts: false
  tasks:
    - command: cat {{dir}}/target/evil.conf
      register: current
      run_once: true
      changed_when: "'ünïcødé' in current.stdout"
      failed_when: current.stdout is not search('[{][{] undefined_variable_that_would_fail [}][}]')
      until: current.stdout | length > 0
    - copy: { content: "{{ current.stdout }}", dest: "{{dir}}/target/{{ inventory_hostname }}" }
`);
    project = p;
    const out = await p.run({ vaultPasswordFile: [p.path('vault-pass')] });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.results.find((r) => r.task === 'command')).toMatchObject({ status: 'changed' });
    // h2 got h1's register through run_once: the same text
    for (const h of ['h1', 'h2']) {
      const written = await readFile(p.path(`target/${h}`), 'utf8');
      expect(written).toBe(payload);
      expectNoCanary(out, written);
    }
  });

  it('gathered facts are data: a host claiming a templated fact gets the text', async () => {
    project = await Project.create({
      'canary': KEY_CANARY,
      // play_offline_facts is what --render's stand-in target answers as its facts
      'hosts.yml': `all:\n  hosts:\n    h1:\n      ansible_host: 127.0.0.1\n      ansible_port: 1\n      play_offline_facts: !unsafe { distribution: "{{ lookup('file', '{{dir}}/canary') }}", os_family: Debian }\n`,
      'site.yml': `
- hosts: all
  tasks:
    - template: { src: facts.j2, dest: /etc/facts }
    - set_fact: { distro: "{{ ansible_distribution }}" }
    - copy: { content: "{{ distro }}|{{ ansible_facts.distribution }}", dest: /etc/facts2 }
`,
      'templates/facts.j2': '{{ ansible_distribution }} on {{ ansible_os_family }}\n',
    });
    const out = await project.run({ inventory: [project.path('hosts.yml')], render: project.path('out') });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const fact = `{{ lookup('file', '${project.dir}/canary') }}`;
    expect(await readFile(project.path('out/h1/etc/facts'), 'utf8')).toBe(`${fact} on Debian\n`);
    expect(await readFile(project.path('out/h1/etc/facts2'), 'utf8')).toBe(`${fact}|${fact}`);
    expectNoCanary(out);
  });
});

describe('!unsafe values', () => {
  it('are honoured in playbook vars, vars files, group_vars, inventory and task arguments; the rest still templates', async () => {
    project = await Project.create({
      canary: KEY_CANARY,
      'hosts.yml': `all:\n  hosts:\n    h1:\n      ansible_connection: local\n      inv_unsafe: !unsafe "{{ lookup('file', '{{dir}}/canary') }}"\n      inv_templated: "inventory {{ greeting }}"\n`,
      'group_vars/all.yml': `gv_unsafe: !unsafe "{% if true %}{{ lookup('file', '{{dir}}/canary') }}{% endif %}"\n`,
      'more.yml': `file_unsafe: !unsafe "{# c #}{{ greeting }}"\n`,
      'site.yml': `
- hosts: h1
  gather_facts: false
  vars_files: [more.yml]
  vars:
    greeting: hello
    play_unsafe: !unsafe "{{ lookup('file', '{{dir}}/canary') }}"
    mixed:
      raw: !unsafe "{{ greeting }}"
      templated: "{{ greeting }} world"
    whole: !unsafe { a: "{{ greeting }}", b: ["{{ greeting }}"] }
    refers: "{{ play_unsafe }}"
  tasks:
    - set_fact: { passed_on: "{{ mixed.raw }}" }
    - copy:
        dest: "{{dir}}/out"
        content: "{{ [play_unsafe, mixed, whole, refers, passed_on, inv_unsafe, inv_templated, gv_unsafe, file_unsafe, extra] | to_json }}"
    - debug: { msg: !unsafe "{{ greeting }} {% if" }
    - copy: { dest: "{{dir}}/out2", content: !unsafe "{{ greeting }}" }
    - name: unsafe condition
      debug: { msg: never }
      when: !unsafe "greeting == 'hello'"
      ignore_errors: true
`,
    });
    const out = await project.run({ inventory: [project.path('hosts.yml')], extraVars: ['{"extra": "{{ greeting }} from -e"}'] });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const canaryRead = `{{ lookup('file', '${project.dir}/canary') }}`;
    expect(JSON.parse(await readFile(project.path('out'), 'utf8'))).toEqual([
      canaryRead,
      { raw: '{{ greeting }}', templated: 'hello world' },
      { a: '{{ greeting }}', b: ['{{ greeting }}'] },
      canaryRead,
      '{{ greeting }}',
      canaryRead,
      'inventory hello',
      `{% if true %}${canaryRead}{% endif %}`,
      '{# c #}{{ greeting }}',
      'hello from -e',
    ]);
    expect(out.results.find((r) => r.task === 'debug')?.msg).toBe('{{ greeting }} {% if');
    expect(await readFile(project.path('out2'), 'utf8')).toBe('{{ greeting }}');
    // a condition is an expression: an unsafe one is refused, as Ansible refuses it
    expect(out.results.find((r) => r.task === 'unsafe condition')).toMatchObject({ status: 'failed' });
    expect(out.results.find((r) => r.task === 'unsafe condition')?.msg).toContain('is marked as unsafe, and cannot be evaluated');
    expectNoCanary(out);
  });
});
