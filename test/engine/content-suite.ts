import { afterEach, describe, expect, it } from 'vitest';
import { changedSet, Project } from '../support/project.js';

/** Where the play's hosts are and how a test looks at their files: local, or lab hosts over SSH. */
export interface Target {
  /** The inventory (groups web = h1, h2 and db = h3). */
  hosts: string;
  read(host: string, path: string): Promise<string>;
  write(host: string, path: string, content: string): Promise<void>;
  /** Octal permission bits of a path. */
  mode(host: string, path: string): Promise<number>;
  exists(host: string, path: string): Promise<boolean>;
}

const CONTENT_PLAY = `
- hosts: all
  gather_facts: false
  vars:
    root: "{{dir}}/out/{{ inventory_hostname }}"
  tasks:
    - name: directory
      file: { path: "{{ root }}/etc", state: directory, mode: "0755" }
    - name: config from content
      copy:
        dest: "{{ root }}/etc/app.conf"
        content: "name={{ inventory_hostname }}\\nport=5060\\n"
        mode: "0644"
      notify: reload app
    - name: template
      template: { src: motd.j2, dest: "{{ root }}/etc/motd" }
      notify: reload app
    - name: new file created by lineinfile
      lineinfile: { path: "{{ root }}/etc/extra.conf", line: "first=1", create: true }
    - name: second edit of that same new file
      lineinfile: { path: "{{ root }}/etc/extra.conf", regexp: "^second=", line: "second=2" }
  handlers:
    - name: reload app
      shell: echo reloaded >> "{{ root }}/reloads"
`;

export function defineContentSuite(label: string, target: Target, enabled = true): void {
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function contentProject(): Promise<Project> {
  return Project.create({
    'hosts.ini': target.hosts,
    'site.yml': CONTENT_PLAY,
    'templates/motd.j2': 'Welcome to {{ inventory_hostname }}\n{% for g in group_names %}group {{ g }}\n{% endfor %}',
  });
}

describe.runIf(enabled)(`play run over ${label}`, () => {
  it('converges, then a second run changes nothing (idempotence)', async () => {
    project = await contentProject();
    const first = await project.run();
    expect(first.code).toBe(0);
    expect(first.recap.h1).toMatchObject({ changed: 6, failed: 0 });
    expect(await target.read('h1', project.path('out/h1/etc/app.conf'))).toBe('name=h1\nport=5060\n');
    expect(await target.read('h3', project.path('out/h3/etc/motd'))).toBe('Welcome to h3\ngroup db\n');
    expect(await target.read('h2', project.path('out/h2/etc/extra.conf'))).toBe('first=1\nsecond=2\n');
    expect(await target.mode('h1', project.path('out/h1/etc/app.conf'))).toBe(0o644);
    const second = await project.run();
    expect(second.code).toBe(0);
    for (const h of ['h1', 'h2', 'h3']) expect(second.recap[h]).toMatchObject({ changed: 0, failed: 0 });
  });

  it('handlers run once per host even when notified twice', async () => {
    project = await contentProject();
    await project.run();
    expect(await target.read('h1', project.path('out/h1/reloads'))).toBe('reloaded\n');
    await project.run();
    expect(await target.read('h1', project.path('out/h1/reloads'))).toBe('reloaded\n');
  });

  it('--check touches nothing and predicts exactly the changes of the real run', async () => {
    project = await contentProject();
    const check = await project.run({ check: true });
    expect(check.code).toBe(0);
    for (const h of ['h1', 'h2', 'h3']) expect(await target.exists(h, project.path(`out/${h}`))).toBe(false);
    const real = await project.run();
    expect(changedSet(check)).toEqual(changedSet(real));
    expect(changedSet(real).length).toBeGreaterThan(10);
  });

  it('--check after a real run predicts nothing, and after drift predicts only the drift', async () => {
    project = await contentProject();
    await project.run();
    expect(changedSet(await project.run({ check: true }))).toEqual([]);
    await target.write('h2', project.path('out/h2/etc/app.conf'), 'name=h2\nport=9999\n');
    const check = await project.run({ check: true, diff: true });
    expect(changedSet(check)).toEqual(['h2|config from content|null', 'h2|reload app|null']);
    const d = check.results.find((r) => r.host === 'h2' && r.task === 'config from content')?.diff;
    expect(d).toEqual([{ path: project.path('out/h2/etc/app.conf'), before: 'name=h2\nport=9999\n', after: 'name=h2\nport=5060\n' }]);
    expect(await target.read('h2', project.path('out/h2/etc/app.conf'))).toBe('name=h2\nport=9999\n');
  });

  it('--diff prints unified diffs in the plain output', async () => {
    project = await contentProject();
    await project.run();
    await target.write('h1', project.path('out/h1/etc/app.conf'), 'name=h1\nport=1\n');
    const out = await project.run({ diff: true, json: false, limit: 'h1' });
    expect(out.stdout).toContain(`--- before: ${project.path('out/h1/etc/app.conf')}`);
    expect(out.stdout).toContain('-port=1\n+port=5060\n');
    expect(out.stdout).toMatch(/h1\s+: ok=\d+\s+changed=2 /);
  });
});
}
