/**
 * Property: whatever text a target produces — Jinja2 delimiters, quotes, backslashes, newlines,
 * non-ASCII — arrives byte for byte wherever a playbook moves it (register, register of a loop,
 * set_fact, loop items, filters, templates, copy), and none of it is ever evaluated.
 *
 * The strings are random but reproducible: PLAY_FUZZ_SEED picks another sequence, and a failure
 * names its seed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

const SEED = Number(process.env.PLAY_FUZZ_SEED ?? 0x5eed);
const COUNT = 1200;
const BATCH = 100;
/** Separates the strings in the target's output; never part of one. */
const SEP = '\u241e';
const CANARY = 'fuzz-canary-c4n4ry';

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pieces(canaryFile: string): string[] {
  return [
    '{{', '}}', '{%', '%}', '{#', '#}', '{{ ', ' }}', '{%- ', ' -%}', '{{-', '-}}', '{', '}', '{{{', '}}}',
    `{{ lookup('file', '${canaryFile}') }}`, `{% include '${canaryFile}' %}`, "{{ hostvars['h1'] }}", '{{ 6 * 7 }}',
    "{% raw %}", '{% endraw %}', '{% for x in range(3) %}', '{% endfor %}', '{% if true %}', '{% set a = 1 %}',
    "'", '"', '\\', '\\\\', "\\'", '\\"', '\\n', '\n', '\n\n', '\t', ' ', '  ', '|', '~', '(', ')', '[', ']', ':', ',', '%', '$', '`', ';', '&', '=',
    'x', 'item', 'secret', 'omit', 'None', 'True', '-', '#', '0', '42',
    'é', 'ß', '漢字', '🎉', '\u00a0', '\u200b', 'Ω', '\u0301',
  ];
}

function randomStrings(canaryFile: string): string[] {
  const next = random(SEED);
  const alphabet = pieces(canaryFile);
  return Array.from({ length: COUNT }, () => {
    let s = '';
    const n = Math.floor(next() * 14);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  });
}

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const PLAYBOOK = `
- hosts: h1
  gather_facts: false
  vars:
    sep: "\\u241e"
    dir: "{{dir}}"
  tasks:
    # the target prints the strings: one command per batch (a register of a loop)
    - command: cat {{ dir }}/target/batch-{{ item }}
      loop: "{{ range(batches) | list }}"
      register: printed
    # every batch ends with an end mark, so no string loses a trailing newline
    - set_fact:
        values: "{{ values | default([]) + item.stdout.split(sep)[:-1] }}"
      loop: "{{ printed.results }}"
    # one item at a time, through a loop variable
    - set_fact:
        looped: "{{ looped | default([]) + [item] }}"
      loop: "{{ values }}"
    - slurp: { src: "{{ dir }}/target/all" }
      register: slurped
    - set_fact:
        from_slurp: "{{ (slurped.content | b64decode).split(sep) }}"
    - template: { src: each.j2, dest: "{{ dir }}/out/template" }
    - copy: { content: "{{ values | join(sep) }}", dest: "{{ dir }}/out/joined" }
    - copy: { content: "{{ {'looped': looped, 'slurped': from_slurp} | to_json }}", dest: "{{ dir }}/out/json" }
`;

describe('text from a target, property-tested', () => {
  it(`${COUNT} random strings full of Jinja2 syntax arrive byte for byte and are never evaluated (seed ${SEED})`, async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      canary: CANARY,
      'site.yml': PLAYBOOK,
      'templates/each.j2': '{% for v in looped %}{{ v }}{{ sep }}{% endfor %}',
      'target/.keep': '',
      'out/.keep': '',
    });
    const strings = randomStrings(project.path('canary'));
    expect(strings.some((s) => s.includes('{{')) && strings.some((s) => s.endsWith('\n'))).toBe(true);
    for (let b = 0; b * BATCH < COUNT; b++) {
      await writeFile(project.path(`target/batch-${b}`), [...strings.slice(b * BATCH, (b + 1) * BATCH), 'end'].join(SEP));
    }
    await writeFile(project.path('target/all'), strings.join(SEP));

    const started = Date.now();
    const out = await project.run({ extraVars: [JSON.stringify({ batches: Math.ceil(COUNT / BATCH) })] });
    const seconds = (Date.now() - started) / 1000;
    expect(out.stderr, `seed ${SEED}`).toBe('');
    expect(out.code, `seed ${SEED}`).toBe(0);

    const read = (name: string): Promise<string> => readFile(project?.path(`out/${name}`) ?? '', 'utf8');
    const json = JSON.parse(await read('json')) as { looped: string[]; slurped: string[] };
    for (let i = 0; i < COUNT; i++) {
      if (json.looped[i] !== strings[i]) expect(json.looped[i], `string ${i} through loops and set_fact, seed ${SEED}`).toBe(strings[i]);
      if (json.slurped[i] !== strings[i]) expect(json.slurped[i], `string ${i} through slurp, seed ${SEED}`).toBe(strings[i]);
    }
    expect(json.looped).toHaveLength(COUNT);
    expect(await read('template'), `template, seed ${SEED}`).toBe(strings.map((s) => s + SEP).join(''));
    expect(await read('joined'), `copy, seed ${SEED}`).toBe(strings.join(SEP));
    expect(out.stdout).not.toContain(CANARY);
    for (const name of ['json', 'template', 'joined']) expect(await read(name)).not.toContain(CANARY);
    // the budget on a busy 2-core machine; the timeout below is the hard limit
    expect(seconds).toBeLessThan(20);
  }, 60_000);
});
