import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuthorization } from '../../src/util/http-auth.js';
import { parseFlatProfile, profileValues } from '../../src/protocol/spa303/flat-profile.js';
import { PASSWORD_MASK, SPA303_PARAMS } from '../../src/spa303/params.js';
import { digestGet, startTestPhone, type TestPhone } from './support.js';

let phones: TestPhone[] = [];
let servers: http.Server[] = [];
let dirs: string[] = [];
afterEach(async () => {
  for (const p of phones) await p.stop();
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  phones = [];
  servers = [];
  dirs = [];
});

async function phone(opts: Parameters<typeof startTestPhone>[0] = {}, dir?: string): Promise<TestPhone> {
  const p = await startTestPhone(opts, dir);
  phones.push(p);
  return p;
}

/** A profile server on 127.0.0.1 serving `body` at /p.xml (optionally behind Basic u:p). */
async function profileServer(body: string, basic?: string): Promise<string> {
  const server = http.createServer((req, res) => {
    if (basic && req.headers.authorization !== basicAuthorization(...(basic.split(':') as [string, string]))) {
      res.writeHead(401);
      return res.end();
    }
    res.writeHead(req.url === '/p.xml' ? 200 : 404);
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/p.xml`;
}

async function config(p: TestPhone, password?: string): Promise<Map<string, string>> {
  const res = await digestGet(`${p.emu.url}/admin/spacfg.xml`, password);
  expect(res.status).toBe(200);
  return profileValues(parseFlatProfile(await res.text()));
}

describe('SPA303 emulator', () => {
  it('reports factory defaults without authentication', async () => {
    const p = await phone();
    const res = await fetch(`${p.emu.url}/admin/spacfg.xml`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<Line_Enable_1_ group="Ext_1/General">Yes</Line_Enable_1_>');
    const values = profileValues(parseFlatProfile(xml));
    expect(values.size).toBe(SPA303_PARAMS.length);
    expect(Object.fromEntries(['Share_Ext_1_', 'Subscription_Expires_1_', 'NAT_Mapping_Enable_1_', 'NAT_Keep_Alive_Msg_1_', 'NAT_Keep_Alive_Dest_1_', 'Register_Expires_1_', 'Proxy_1_', 'Admin_Passwd', 'SIP_Port_2_'].map((k) => [k, values.get(k)]))).toEqual({
      Share_Ext_1_: 'No',
      Subscription_Expires_1_: '3600',
      NAT_Mapping_Enable_1_: 'No',
      NAT_Keep_Alive_Msg_1_: '$NOTIFY',
      NAT_Keep_Alive_Dest_1_: '$PROXY',
      Register_Expires_1_: '3600',
      Proxy_1_: '',
      Admin_Passwd: '',
      SIP_Port_2_: '5061',
    });
    const status = await (await fetch(`${p.emu.url}/`)).text();
    expect(status).toContain('SPA303');
  });

  it('requires Digest auth once an admin password is set, and masks passwords', async () => {
    const p = await phone({ adminPassword: 'adm1n-pw' });
    const anon = await fetch(`${p.emu.url}/admin/spacfg.xml`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Digest realm="spa admin", nonce="[^"]+", qop="auth", algorithm=MD5$/);
    expect((await digestGet(`${p.emu.url}/admin/spacfg.xml`, 'wrong')).status).toBe(401);
    // an answer computed for another URI does not open this one
    expect((await digestGet(`${p.emu.url}/admin/spacfg.xml`, 'adm1n-pw', '/admin/other')).status).toBe(401);
    const ok = await digestGet(`${p.emu.url}/admin/spacfg.xml`, 'adm1n-pw');
    expect(ok.status).toBe(200);
    const xml = await ok.text();
    expect(xml).not.toContain('adm1n-pw');
    expect(profileValues(parseFlatProfile(xml)).get('Admin_Passwd')).toBe(PASSWORD_MASK);
    // Basic is refused unless enabled
    const basic = await fetch(`${p.emu.url}/admin/spacfg.xml`, { headers: { authorization: basicAuthorization('admin', 'adm1n-pw') } });
    expect(basic.status).toBe(401);
  });

  it('accepts Basic when told to', async () => {
    const p = await phone({ adminPassword: 'adm1n-pw', basicAuth: 'also' });
    const anon = await fetch(`${p.emu.url}/admin/spacfg.xml`);
    expect(anon.headers.get('www-authenticate')).toContain('Basic realm="spa admin"');
    const good = await fetch(`${p.emu.url}/admin/spacfg.xml`, { headers: { authorization: basicAuthorization('admin', 'adm1n-pw') } });
    expect(good.status).toBe(200);
    const bad = await fetch(`${p.emu.url}/admin/spacfg.xml`, { headers: { authorization: basicAuthorization('admin', 'nope') } });
    expect(bad.status).toBe(401);
  });

  it('resync applies known parameters only, last duplicate wins, others unchanged', async () => {
    const p = await phone({ rebootMs: 50 });
    const url = await profileServer(`<flat-profile>
      <Station_Name ua="na">  first </Station_Name>
      <Display_Name_1_>Lab &amp; Co</Display_Name_1_>
      <Not_A_Param>x</Not_A_Param>
      <station_name>wrong case</station_name>
      <Station_Name>lab-spa303</Station_Name>
    </flat-profile>`);
    const done = p.nextResync();
    const res = await fetch(`${p.emu.url}/admin/resync?${url}`);
    expect(res.status).toBe(200);
    // applied in the background, not yet
    expect(p.emu.device.snapshot().Station_Name).toBe('');
    const outcome = await done;
    expect(outcome).toMatchObject({ ok: true, changed: ['Station_Name', 'Display_Name_1_'], reboot: false });
    const after = p.emu.device.snapshot();
    expect(after.Station_Name).toBe('lab-spa303');
    expect(after.Display_Name_1_).toBe('Lab & Co');
    expect(after).not.toHaveProperty('Not_A_Param');
    expect(after).not.toHaveProperty('station_name');
    expect(after.Proxy_1_).toBe('');
    expect(after.Line_Enable_1_).toBe('Yes');
  });

  it('resync with --uid/--pwd sends them to the profile server', async () => {
    const p = await phone();
    const url = await profileServer('<flat-profile><Station_Name>authd</Station_Name></flat-profile>', 'pu:pp');
    const done = p.nextResync();
    const query = encodeURIComponent(`[--uid pu --pwd pp]${url}`);
    expect((await fetch(`${p.emu.url}/admin/resync?${query}`)).status).toBe(200);
    expect(await done).toMatchObject({ ok: true });
    expect(p.emu.device.snapshot().Station_Name).toBe('authd');
  });

  it('refuses non-http and non-loopback profile URLs', async () => {
    const p = await phone();
    const tftp = await fetch(`${p.emu.url}/admin/resync?127.0.0.1/basic.txt`);
    expect(tftp.status).toBe(400);
    expect(await tftp.text()).toContain('tftp profiles are not supported');
    const remote = await fetch(`${p.emu.url}/admin/resync?http://192.0.2.1/p.xml`);
    expect(remote.status).toBe(400);
    expect(await remote.text()).toContain('only loopback');
    expect(p.outcomes).toEqual([]);
  });

  it('reboots on /admin/reboot and after reboot-triggering parameters: 503 meanwhile', async () => {
    const p = await phone({ rebootMs: 300 });
    expect((await fetch(`${p.emu.url}/admin/reboot`)).status).toBe(200);
    const during = await fetch(`${p.emu.url}/admin/spacfg.xml`);
    expect(during.status).toBe(503);
    await sleep(350);
    expect((await fetch(`${p.emu.url}/admin/spacfg.xml`)).status).toBe(200);

    const url = await profileServer('<flat-profile><Proxy_1_>127.0.10.153</Proxy_1_></flat-profile>');
    const done = p.nextResync();
    await fetch(`${p.emu.url}/admin/resync?${url}`);
    expect(await done).toMatchObject({ ok: true, changed: ['Proxy_1_'], reboot: true });
    expect((await fetch(`${p.emu.url}/`)).status).toBe(503);
    await sleep(350);
    expect((await config(p)).get('Proxy_1_')).toBe('127.0.10.153');
  });

  it('keeps its configuration across restarts', async () => {
    const first = await phone({ adminPassword: 'pw-one' });
    const url = await profileServer('<flat-profile><Station_Name>kept</Station_Name><Admin_Passwd>pw-two</Admin_Passwd></flat-profile>');
    const done = first.nextResync();
    expect((await digestGet(`${first.emu.url}/admin/resync?${url}`, 'pw-one')).status).toBe(200);
    await done;
    await first.emu.close();
    phones = [];
    dirs.push(first.dir);
    // the factory password option does not override a saved configuration
    const second = await phone({ adminPassword: 'pw-one' }, first.dir);
    expect((await config(second, 'pw-two')).get('Station_Name')).toBe('kept');
    expect((await digestGet(`${second.emu.url}/admin/spacfg.xml`, 'pw-one')).status).toBe(401);
  });

  it('reports a profile it cannot load', async () => {
    const p = await phone();
    const url = await profileServer('<flat-profile><Station_Name>x</Oops></flat-profile>');
    const done = p.nextResync();
    await fetch(`${p.emu.url}/admin/resync?${url}`);
    expect(await done).toMatchObject({ ok: false });
    const missing = p.nextResync();
    await fetch(`${p.emu.url}/admin/resync?${url.replace('/p.xml', '/missing.xml')}`);
    expect(await missing).toMatchObject({ ok: false, error: 'profile server answered 404' });
    expect(p.emu.device.snapshot().Station_Name).toBe('');
  });
});
