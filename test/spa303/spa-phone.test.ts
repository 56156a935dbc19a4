import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ModuleError, UnreachableError } from '../../src/errors.js';
import { spaPhone } from '../../src/modules/phone/spa-phone.js';
import type { Plan } from '../../src/modules/types.js';
import { PASSWORD_MASK } from '../../src/spa303/params.js';
import { httpHostContext, startTestPhone, type TestPhone } from './support.js';
import { runControllerStep } from '../../src/executor/controller-steps.js';

/** Controller steps of http hosts run without a connection. */
const NO_CONNECTION = { connection: undefined, become: undefined, env: undefined, timeoutMs: undefined };

const SIP_SECRET = 'sip-s3cret-7002';
const ADMIN = 'adm1n-pw-xyz';

/** The lab's line settings (LAB.md role 7). */
const LAB_PARAMS = {
  Line_Enable_1_: true,
  Share_Ext_1_: false,
  Subscription_Expires_1_: 3600,
  NAT_Mapping_Enable_1_: 'no',
  NAT_Keep_Alive_Msg_1_: '$NOTIFY',
  Proxy_1_: '127.0.10.153',
  User_ID_1_: '7002',
  Display_Name_1_: '7002',
  Password_1_: SIP_SECRET,
};

let phones: TestPhone[] = [];
afterEach(async () => {
  for (const p of phones) await p.stop();
  phones = [];
});

async function phone(opts: Parameters<typeof startTestPhone>[0] = {}): Promise<TestPhone> {
  const p = await startTestPhone({ resyncDelayMs: 30, rebootMs: 300, ...opts });
  phones.push(p);
  return p;
}

type Ctx = ReturnType<typeof httpHostContext>;

/** What the executor does with a plan: apply (or, in check mode, only record) every change. */
async function runTask(ctx: Ctx, rawArgs: Record<string, unknown>, check = false): Promise<Plan> {
  const plan = await spaPhone.plan(spaPhone.args.parse(rawArgs), ctx);
  for (const change of plan.changes) {
    if (check) {
      ctx.world.applyEffects(change.effects, true);
      continue;
    }
    const apply = change.apply;
    if (apply.kind !== 'controller') throw new Error(`unexpected apply ${apply.kind}`);
    try {
      await runControllerStep(apply.step, NO_CONNECTION);
    } finally {
      ctx.world.applyEffects(change.effects, false);
    }
  }
  return plan;
}

const phoneCtx = (p: TestPhone): Ctx => httpHostContext({ ansible_connection: 'http', ansible_host: '127.0.0.1', ansible_port: p.port });

describe('spa_phone', () => {
  it('configures the lab line, then reports no change', async () => {
    const p = await phone({ adminPassword: ADMIN });
    const ctx = phoneCtx(p);
    const first = await runTask(ctx, { admin_password: ADMIN, params: LAB_PARAMS, timeout: 20 });
    expect(first.changes).toHaveLength(1);
    expect(first.msg).toBe('parameters to change: Proxy_1_, User_ID_1_, Display_Name_1_, Password_1_');
    const on = p.emu.device.snapshot();
    expect([on.Proxy_1_, on.User_ID_1_, on.Display_Name_1_, on.Password_1_, on.Share_Ext_1_]).toEqual(['127.0.10.153', '7002', '7002', SIP_SECRET, 'No']);
    expect(p.outcomes).toHaveLength(1); // one resync, reboot included

    const second = await runTask(phoneCtx(p), { admin_password: ADMIN, params: LAB_PARAMS });
    expect(second.changes).toHaveLength(0);
    expect(second.msg).toBe('all 9 parameters already set');
    expect(second.result?.unverified_passwords).toEqual(['Password_1_']);
  });

  it('check mode predicts without touching the phone, and later tasks see the prediction', async () => {
    const p = await phone();
    const ctx = phoneCtx(p);
    const plan = await runTask(ctx, { params: { Station_Name: 'lab-spa303', Proxy_1_: '127.0.10.153' } }, true);
    expect(plan.changes).toHaveLength(1);
    expect(plan.diffs?.[0]).toMatchObject({
      before: 'Station_Name = \nProxy_1_ = \n',
      after: 'Station_Name = lab-spa303\nProxy_1_ = 127.0.10.153\n',
    });
    expect(p.emu.device.snapshot().Station_Name).toBe('');
    expect(p.outcomes).toHaveLength(0);

    const again = await runTask(ctx, { params: { Station_Name: 'lab-spa303', Display_Name_1_: 'x' } }, true);
    expect([...(again.msg ?? '').matchAll(/\w+_\w*/g)].map((m) => m[0])).toEqual(['Display_Name_1_']);
    expect(p.emu.device.snapshot().Station_Name).toBe('');
  });

  it('never shows a password in the plan, result, diff or change description', async () => {
    const p = await phone({ adminPassword: ADMIN });
    const ctx = phoneCtx(p);
    const plan = await runTask(ctx, { admin_password: ADMIN, params: { ...LAB_PARAMS, User_Password: 'us3r-pw-abc' } }, true);
    const emitted = JSON.stringify({ ...plan, changes: plan.changes.map((c) => ({ describe: c.describe, effects: c.effects })) });
    expect(emitted).toContain('Password_1_ = ********');
    // secrets are listed for the reporter's masker, and appear nowhere else
    expect(plan.diffs?.[0]?.secrets).toEqual([SIP_SECRET, 'us3r-pw-abc']);
    const { diffs, ...rest } = { ...plan, changes: plan.changes.map((c) => ({ describe: c.describe, effects: c.effects })) };
    const visible = JSON.stringify({ rest, diffs: diffs?.map(({ secrets: _s, ...d }) => d) });
    for (const secret of [SIP_SECRET, 'us3r-pw-abc', ADMIN]) expect(visible).not.toContain(secret);
    expect((plan.result?.params as Record<string, string>).Password_1_).toBe('********');
  });

  it('fails clearly on a wrong or missing admin password', async () => {
    const p = await phone({ adminPassword: ADMIN });
    const wrong = runTask(phoneCtx(p), { admin_password: 'not-it', params: { Station_Name: 'x' } });
    await expect(wrong).rejects.toThrow(ModuleError);
    await expect(wrong).rejects.toMatchObject({ message: expect.stringMatching(/rejected the admin password/), hint: expect.stringContaining('admin_password') });
    await expect(runTask(phoneCtx(p), { params: { Station_Name: 'x' } })).rejects.toThrow(/asks for an admin password and none was given/);
  });

  it('reports an unreachable phone as unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const ctx = httpHostContext({ ansible_host: '127.0.0.1' });
    const run = runTask(ctx, { port, params: { Station_Name: 'x' }, timeout: 2 });
    await expect(run).rejects.toThrow(UnreachableError);
    await expect(run).rejects.toThrow(new RegExp(`cannot reach the phone at http://127.0.0.1:${port}: ECONNREFUSED`));
  });

  it('refuses parameters the phone does not have, suggesting the right case', async () => {
    const p = await phone();
    await expect(runTask(phoneCtx(p), { params: { proxy_1_: 'x' } })).rejects.toMatchObject({
      message: expect.stringContaining('has no parameter proxy_1_'),
      hint: 'names are case-sensitive: proxy_1_ → Proxy_1_',
    });
  });

  it('changes the admin password and keeps using the right one', async () => {
    const p = await phone({ adminPassword: ADMIN });
    const plan = await runTask(phoneCtx(p), { admin_password: ADMIN, params: { Admin_Passwd: 'n3w-admin-pw', Station_Name: 's' } });
    expect(plan.changes).toHaveLength(1);
    expect(p.emu.device.adminPassword).toBe('n3w-admin-pw');
    const again = await runTask(phoneCtx(p), { admin_password: 'n3w-admin-pw', params: { Admin_Passwd: 'n3w-admin-pw', Station_Name: 's' } });
    expect(again.changes).toHaveLength(0);
    expect(again.result?.unverified_passwords).toBeUndefined();
  });

  it('update_password=always rewrites a masked password every run', async () => {
    const p = await phone();
    const args = { params: { Password_1_: SIP_SECRET }, update_password: 'always' };
    expect((await runTask(phoneCtx(p), args)).changes).toHaveLength(1);
    expect((await runTask(phoneCtx(p), args)).changes).toHaveLength(1);
    expect((await runTask(phoneCtx(p), { params: { Password_1_: SIP_SECRET } })).changes).toHaveLength(0);
    expect((await p.emu.device.report()).find((e) => e.name === 'Password_1_')?.value).toBe(PASSWORD_MASK);
  });

  it('speaks Basic to a phone that only offers Basic, and serves the profile behind credentials', async () => {
    const p = await phone({ adminPassword: ADMIN, basicAuth: 'only' });
    const plan = await runTask(phoneCtx(p), { admin_password: ADMIN, profile_auth: true, params: { Station_Name: 'basic' } });
    expect(plan.changes).toHaveLength(1);
    expect(p.emu.device.snapshot().Station_Name).toBe('basic');
    expect(p.outcomes[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/spa-[0-9a-f]{32}\.xml$/);
  });

  it('reboots after a change when asked', async () => {
    const log: string[] = [];
    const p = await phone({ log: (l) => void log.push(l) });
    await runTask(phoneCtx(p), { params: { Station_Name: 'r' }, reboot: true });
    expect(log.filter((l) => l === 'reboot requested')).toHaveLength(1);
    expect(p.emu.device.isRebooting()).toBe(false);
    await runTask(phoneCtx(p), { params: { Station_Name: 'r' }, reboot: true });
    expect(log.filter((l) => l === 'reboot requested')).toHaveLength(1);
  });

  it('waits for a phone that is restarting', async () => {
    const p = await phone({ rebootMs: 700 });
    p.emu.device.reboot();
    const started = Date.now();
    const plan = await runTask(phoneCtx(p), { params: { Line_Enable_1_: 'yes' } });
    expect(plan.changes).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('fails clearly when the profile cannot be served on serve_address', async () => {
    const p = await phone();
    // TEST-NET-1: never an address of this machine, so binding fails before anything is sent
    await expect(runTask(phoneCtx(p), { params: { Station_Name: 'x' }, serve_address: '192.0.2.1' })).rejects.toMatchObject({
      message: 'cannot serve the profile on 192.0.2.1: EADDRNOTAVAIL',
      hint: expect.stringContaining('serve_address'),
    });
    expect(p.outcomes).toHaveLength(0);
  });

  it('times out when the phone does not apply the profile in time', async () => {
    const p = await phone({ resyncDelayMs: 5000 });
    const run = runTask(phoneCtx(p), { params: { Station_Name: 'late' }, timeout: 1 });
    await expect(run).rejects.toThrow(/timed out waiting for the phone .*never fetched its profile/);
  });
});
