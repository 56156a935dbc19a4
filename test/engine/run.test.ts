import { readFile, stat, readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { changedSet, LOCAL_HOSTS, Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

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

async function contentProject(): Promise<Project> {
  return Project.create({
    'hosts.ini': LOCAL_HOSTS,
    'site.yml': CONTENT_PLAY,
    'templates/motd.j2': 'Welcome to {{ inventory_hostname }}\n{% for g in group_names %}group {{ g }}\n{% endfor %}',
  });
}

describe('play run on the local connection', () => {
  it('converges, then a second run changes nothing (idempotence)', async () => {
    project = await contentProject();
    const first = await project.run();
    expect(first.code).toBe(0);
    expect(first.recap.h1).toMatchObject({ changed: 6, failed: 0 });
    expect(await readFile(project.path('out/h1/etc/app.conf'), 'utf8')).toBe('name=h1\nport=5060\n');
    expect(await readFile(project.path('out/h3/etc/motd'), 'utf8')).toBe('Welcome to h3\ngroup db\n');
    expect(await readFile(project.path('out/h2/etc/extra.conf'), 'utf8')).toBe('first=1\nsecond=2\n');
    expect((await stat(project.path('out/h1/etc/app.conf'))).mode & 0o777).toBe(0o644);
    const second = await project.run();
    expect(second.code).toBe(0);
    for (const h of ['h1', 'h2', 'h3']) expect(second.recap[h]).toMatchObject({ changed: 0, failed: 0 });
  });

  it('handlers run once per host even when notified twice', async () => {
    project = await contentProject();
    await project.run();
    expect(await readFile(project.path('out/h1/reloads'), 'utf8')).toBe('reloaded\n');
    await project.run();
    expect(await readFile(project.path('out/h1/reloads'), 'utf8')).toBe('reloaded\n');
  });

  it('--check touches nothing and predicts exactly the changes of the real run', async () => {
    project = await contentProject();
    const check = await project.run({ check: true });
    expect(check.code).toBe(0);
    await expect(readdir(project.path('out'))).rejects.toThrow();
    const real = await project.run();
    expect(changedSet(check)).toEqual(changedSet(real));
    expect(changedSet(real).length).toBeGreaterThan(10);
  });

  it('--check after a real run predicts nothing, and after drift predicts only the drift', async () => {
    project = await contentProject();
    await project.run();
    expect(changedSet(await project.run({ check: true }))).toEqual([]);
    await project.write({ 'out/h2/etc/app.conf': 'name=h2\nport=9999\n' });
    const check = await project.run({ check: true, diff: true });
    expect(changedSet(check)).toEqual(['h2|config from content|null', 'h2|reload app|null']);
    const d = check.results.find((r) => r.host === 'h2' && r.task === 'config from content')?.diff;
    expect(d).toEqual([{ path: project.path('out/h2/etc/app.conf'), before: 'name=h2\nport=9999\n', after: 'name=h2\nport=5060\n' }]);
    expect(await readFile(project.path('out/h2/etc/app.conf'), 'utf8')).toBe('name=h2\nport=9999\n');
  });

  it('--diff prints unified diffs in the plain output', async () => {
    project = await contentProject();
    await project.run();
    await project.write({ 'out/h1/etc/app.conf': 'name=h1\nport=1\n' });
    const out = await project.run({ diff: true, json: false, limit: 'h1' });
    expect(out.stdout).toContain(`--- before: ${project.path('out/h1/etc/app.conf')}`);
    expect(out.stdout).toContain('-port=1\n+port=5060\n');
    expect(out.stdout).toMatch(/h1\s+: ok=\d+\s+changed=2 /);
  });
});
