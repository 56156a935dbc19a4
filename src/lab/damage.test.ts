import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DamageTarget } from './damage.js';
import { applicable, DAMAGE_KINDS, planDamage } from './damage.js';

const kvm = { name: 'kvmhost', address: '127.0.10.153', role: 'kvm' as const };
const g = (n: number) => ({ name: `virtual${n}`, address: `127.0.10.${n}`, role: 'guest' as const, domain: `VirtualAsterisk${n}`, trunkUser: `700${n}` });
const guestTarget: DamageTarget = { host: g(2), kvm, neighbours: [g(1), g(3)] };
const kvmTarget: DamageTarget = { host: kvm, kvm, neighbours: [g(1), g(2), g(3)] };

describe('planDamage', () => {
  it('is repeatable with a seed and names the role and the --limit that repair it', () => {
    const a = planDamage('random', guestTarget, 7);
    expect(planDamage('random', guestTarget, 7)).toEqual(a);
    expect(applicable(guestTarget.host)).toContain(a.what);
    const seen = new Set(Array.from({ length: 40 }, (_, s) => planDamage('random', kvmTarget, s).what));
    expect([...seen].sort()).toEqual(applicable(kvm).sort());
  });

  it('damages a guest domain on the kvm host, detected and repaired there', () => {
    const d = planDamage('vm', guestTarget, 1);
    expect(d).toMatchObject({ host: 'virtual2', on: 'kvmhost', address: '127.0.10.153', limit: 'kvmhost', role: 'elastix-guest', domain: 'VirtualAsterisk2' });
    expect(d.script).toContain('VirtualAsterisk2');
  });

  it('sends each kind to the role that owns the damaged thing', () => {
    const roles = (t: DamageTarget) => Object.fromEntries(applicable(t.host).map((k) => [k, planDamage(k, t, 3).role]));
    expect(roles(guestTarget)).toEqual({ iax: 'trunk-mesh', sip: 'elastix-guest', dialplan: 'elastix-guest', service: 'elastix-guest', vm: 'elastix-guest' });
    expect(roles(kvmTarget)).toEqual({ sip: 'asterisk-host', dialplan: 'asterisk-host', service: 'asterisk-host', vm: 'elastix-guest', dahdi: 'dahdi' });
  });

  it('refuses damage that does not apply to the host, naming what does', () => {
    expect(() => planDamage('dahdi', guestTarget)).toThrow(/does not apply to virtual2.*/);
    expect(() => planDamage('iax', kvmTarget)).toThrow(/IAX2 mesh is between the PBX guests/);
    expect(DAMAGE_KINDS.every((k) => applicable(guestTarget.host).includes(k) || applicable(kvm).includes(k))).toBe(true);
  });
});

describe('the damage scripts, run on copies of the files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'play-damage-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The script with /etc paths moved into dir and Asterisk/virsh calls dropped. */
  const runLocally = (script: string): number => {
    const local = script.replaceAll('/etc/asterisk/', `${dir}/`).replace(/ && asterisk -rx .*$/, '');
    try {
      execFileSync('sh', ['-c', local]);
      return 0;
    } catch (e) {
      return (e as { status?: number }).status ?? 1;
    }
  };

  it('changes only the key of the right section (PJSIP repeats section names)', async () => {
    const before = '[7001]\ntype=endpoint\n\n[7001]\ntype=auth\nusername=7001\npassword=7001\n\n[7002]\ntype=auth\npassword=7002\n';
    await writeFile(join(dir, 'pjsip.conf'), before);
    const d = planDamage('sip', kvmTarget, 0);
    expect(runLocally(d.script)).toBe(0);
    const after = await readFile(join(dir, 'pjsip.conf'), 'utf8');
    const peer = /SIP peer (\d+)/.exec(d.description)?.[1] ?? '';
    expect(after).toBe(before.replace(`password=${peer}`, 'password=student123'));
  });

  it('fails when there is nothing to damage (a host not converged)', async () => {
    await writeFile(join(dir, 'iax_custom.conf'), '[elsewhere]\nsecret=x\n');
    expect(runLocally(planDamage('iax', guestTarget, 0).script)).not.toBe(0);
    await writeFile(join(dir, 'extensions.conf'), '[from-internal]\n');
    expect(runLocally(planDamage('dialplan', guestTarget, 0).script)).not.toBe(0);
  });

  it('typos the context header and nothing else', async () => {
    await writeFile(join(dir, 'extensions.conf'), '[from-trunk]\nexten => 7002,1,Goto(from-trunk,2500,1)\n');
    expect(runLocally(planDamage('dialplan', guestTarget, 0).script)).toBe(0);
    expect(await readFile(join(dir, 'extensions.conf'), 'utf8')).toBe('[from-trunck]\nexten => 7002,1,Goto(from-trunk,2500,1)\n');
  });
});
