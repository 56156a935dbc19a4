import { existsSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
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
    // what would have been written is shown (masked, as always); nothing is written
    expect(climb?.diff?.[0]?.path).toBe('/../../escaped.txt');
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
  it('plans a phone from its offline answer and writes its profile; other HTTP modules are skipped', async () => {
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
      spa_phone: { port: ${port}, params: { Line_Enable_1_: "Yes", Password_1_: "line-secret-77" } }
`,
      });
      const out = await project.run({ render: project.path('out') });
      expect(out.code).toBe(0);
      expect(out.results.map((r) => r.status)).toEqual(['skipped', 'changed']);
      expect(requests).toBe(0);
      const profile = project.path('out/phone/profile.xml');
      expect(await readFile(profile, 'utf8')).toBe('<flat-profile>\n<Line_Enable_1_>Yes</Line_Enable_1_>\n<Password_1_>line-secret-77</Password_1_>\n</flat-profile>\n');
      // the file holds a password: readable by its owner only
      expect((await stat(profile)).mode & 0o777).toBe(0o600);
      expect(out.stdout).not.toContain('line-secret-77');
    } finally {
      server.close();
    }
  });
});

describe('--render writes the plan, not the report', () => {
  const big = 'x'.repeat(150_000) + '\n';
  const binary = Buffer.from([0, 1, 2, 255, 254, 0, 10]);
  const secret = 'vaulted-s3cret-value';

  it('writes vaulted values unmasked (0600), binary, empty and large files whole, while the output masks', async () => {
    const { encrypt } = await import('../../src/vault/crypt.js');
    const { vaultSecret } = await import('../../src/vault/secrets.js');
    project = await Project.create({
      'hosts.ini': `pbx1 ansible_host=127.0.0.1 ansible_port=1\n`,
      'vault-pass': 'pw\n',
      'group_vars/all.yml': `sip_secret: !vault |\n${encrypt(secret, vaultSecret('pw')).split('\n').map((l) => `  ${l}`).join('\n')}\n`,
      'files/blob.bin': binary.toString('latin1'),
      'site.yml': `
- hosts: pbx1
  gather_facts: false
  tasks:
    - copy: { dest: /etc/asterisk/sip_secret.conf, content: "password={{ sip_secret }}\\n" }
    - copy: { dest: /etc/asterisk/empty.conf, content: "", mode: "0640" }
    - copy: { src: big.txt, dest: /var/lib/big.txt }
    - copy: { src: blob.bin, dest: /var/lib/blob.bin }
`,
      'files/big.txt': big,
    });
    await writeFile(project.path('files/blob.bin'), binary);
    const out = await project.run({ render: project.path('out'), vaultPasswordFile: [project.path('vault-pass')] });
    expect(out.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(out.code).toBe(0);
    const file = (rel: string) => project?.path(`out/pbx1${rel}`) ?? '';
    expect(await readFile(file('/etc/asterisk/sip_secret.conf'), 'utf8')).toBe(`password=${secret}\n`);
    expect((await stat(file('/etc/asterisk/sip_secret.conf'))).mode & 0o777).toBe(0o600);
    expect(await readFile(file('/etc/asterisk/empty.conf'), 'utf8')).toBe('');
    expect((await stat(file('/etc/asterisk/empty.conf'))).mode & 0o777).toBe(0o640);
    expect(await readFile(file('/var/lib/big.txt'), 'utf8')).toBe(big);
    expect(Buffer.compare(await readFile(file('/var/lib/blob.bin')), binary)).toBe(0);
    expect(out.stdout).not.toContain(secret);
    expect(out.stdout).toContain('password=********');
  });

  it('warns about nothing it could only have learnt by connecting (a sysctl key of the running kernel)', async () => {
    project = await Project.create({
      'hosts.ini': `kvm ansible_host=127.0.0.1 ansible_port=1\n`,
      'site.yml': `
- hosts: kvm
  gather_facts: false
  tasks:
    - sysctl: { name: net.bridge.bridge-nf-call-iptables, value: "0", sysctl_file: /etc/sysctl.conf }
`,
    });
    const out = await project.run({ render: project.path('out') });
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).not.toContain('warning');
    expect(await readFile(project.path('out/kvm/etc/sysctl.conf'), 'utf8')).toBe('net.bridge.bridge-nf-call-iptables=0\n');
  });
});
