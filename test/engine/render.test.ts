import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { renderedFile } from '../../src/executor/render-target.js';
import { Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('--render DIR', () => {
  it('writes every file tasks would write, per host, without connecting', async () => {
    project = await Project.create({
      // port 1 refuses connections: any attempt to connect would make the host unreachable
      'hosts.ini': `[pbx]\nvirtual1 ansible_host=127.0.0.1 ansible_port=1 ext=1500\nvirtual2 ansible_host=127.0.0.1 ansible_port=1 ext=2500\n\n[pbx:vars]\nplay_offline_facts={"os_family": "RedHat", "distribution": "CentOS", "distribution_version": "5.5", "asterisk_version": "1.8.32.3"}\n`,
      'site.yml': `
- hosts: pbx
  tasks:
    - name: sip.conf
      template: { src: sip.conf.j2, dest: /etc/asterisk/sip_custom.conf }
    - name: a line in a file that does not exist yet
      lineinfile: { path: /etc/asterisk/extensions_custom.conf, line: "exten => {{ ext }},1,Dial(SIP/{{ ext }})", create: true }
    - name: and a second line in it
      lineinfile: { path: /etc/asterisk/extensions_custom.conf, line: "exten => {{ ext }},n,Hangup()" }
`,
      'templates/sip.conf.j2': '; {{ ansible_distribution }} {{ ansible_distribution_version }} {{ "chan_sip" if ansible_asterisk_version is version("21", "<") else "pjsip" }}\n[{{ ext }}]\ntype=friend\n',
    });
    const out = await project.run({ render: project.path('out') });
    expect(out.code).toBe(0);
    expect(out.results.filter((r) => r.status === 'unreachable')).toEqual([]);
    expect((await readdir(project.path('out'))).sort()).toEqual(['virtual1', 'virtual2']);
    expect(await readFile(project.path('out/virtual2/etc/asterisk/sip_custom.conf'), 'utf8')).toBe('; CentOS 5.5 chan_sip\n[2500]\ntype=friend\n');
    expect(await readFile(project.path('out/virtual1/etc/asterisk/extensions_custom.conf'), 'utf8')).toBe(
      'exten => 1500,1,Dial(SIP/1500)\nexten => 1500,n,Hangup()\n',
    );
  });
});

describe('--render stays inside DIR/<host>/', () => {
  it("refuses a dest with '..' that would leave it: the task fails, naming itself, and nothing is written", async () => {
    project = await Project.create({
      'hosts.ini': `pbx1 ansible_host=127.0.0.1 ansible_port=1\n`,
      'site.yml': `
- hosts: pbx1
  gather_facts: false
  tasks:
    - name: an honest file
      copy: { dest: /etc/asterisk/sip.conf, content: "[general]\\n" }
    - name: climb out
      copy: { dest: "/../../escaped.txt", content: "pwned\\n" }
`,
    });
    // DIR/<host>/../../escaped.txt is the project's escaped.txt
    const out = await project.run({ render: project.path('out') });
    expect(out.code).toBe(2);
    const climb = out.results.find((r) => r.task === 'climb out');
    expect(climb?.status).toBe('failed');
    expect(climb?.msg).toContain(`--render: task 'climb out' would write /../../escaped.txt on pbx1`);
    expect(climb?.msg).toContain("'..' in the path would leave");
    expect(climb?.diff).toBeNull();
    expect(existsSync(project.path('escaped.txt'))).toBe(false);
    expect(await readFile(project.path('out/pbx1/etc/asterisk/sip.conf'), 'utf8')).toBe('[general]\n');
  });

  it('refuses host names that would leave DIR', () => {
    expect(renderedFile('/out', 'pbx1', '/etc/x', 't')).toBe('/out/pbx1/etc/x');
    for (const host of ['..', '.', 'a/../..', '']) expect(() => renderedFile('/out', host, '/etc/x', 't')).toThrow(/the host name would leave/);
    expect(() => renderedFile('/out', 'pbx1', '/etc/asterisk/../x', 't')).toThrow(/'\.\.' in the path/);
  });
});

describe('--render never contacts the network', () => {
  it('skips modules that talk to devices from the controller', async () => {
    const { createServer } = await import('node:http');
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      project = await Project.create({
        'hosts.ini': `phone ansible_connection=http ansible_host=127.0.0.1\n`,
        'site.yml': `
- hosts: phone
  gather_facts: false
  tasks:
    - name: read a page
      uri: { url: "http://127.0.0.1:${port}/", method: POST }
    - name: configure the phone
      spa_phone: { port: ${port}, params: { Line_Enable_1_: "Yes" } }
`,
      });
      const out = await project.run({ render: project.path('out') });
      expect(out.code).toBe(0);
      expect(out.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});
