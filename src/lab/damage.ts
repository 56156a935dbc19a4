import { PlayError } from '../errors.js';

/**
 * What a student does to a lab host, as shell scripts: edit or delete a trunk, typo a context,
 * stop Asterisk, destroy or undefine a guest's domain, change a DAHDI line. Each damage says
 * where it was done, which role repairs it and how `play run site.yml --check --diff` shows it.
 */
export const DAMAGE_KINDS = ['iax', 'sip', 'dialplan', 'service', 'vm', 'dahdi'] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];

/** A lab host as the inventory describes it (only what damage needs). */
export interface DamageHost {
  name: string;
  address: string;
  role: 'kvm' | 'guest';
  /** guests: its libvirt domain on the kvm host, and its SIP user there (a peer of the kvm host) */
  domain?: string;
  trunkUser?: string;
}

export interface DamageTarget {
  host: DamageHost;
  /** The kvm host (domains live there). */
  kvm: DamageHost;
  /** The other PBX guests (IAX2 peers of a guest are named after them). */
  neighbours: readonly DamageHost[];
}

export interface Damage {
  /** The host asked for, the kind, and the variant done. */
  host: string;
  what: DamageKind;
  variant: string;
  /** The host the damage was done on (the kvm host for `vm`), and its address. */
  on: string;
  address: string;
  description: string;
  /** The role that repairs it, and the --limit that detects and repairs it. */
  role: string;
  limit: string;
  /** The file changed (file damage), the service stopped, or the domain touched. */
  file?: string;
  service?: string;
  domain?: string;
  /** The shell script run on `on` (exits non-zero if the damage could not be done). */
  script: string;
}

const ASTERISK = '/etc/asterisk';

/** awk that sets key=value in the first [section] having that key; fails if none did. */
function setKey(file: string, section: string, key: string, value: string): string {
  const prog = `/^\\[/{s=($0=="[${section}]")} s && !d && index($0,"${key}=")==1 {$0="${key}=${value}"; d=1} {print} END{exit d?0:3}`;
  return `awk '${prog}' ${file} > ${file}.student && cat ${file}.student > ${file} && rm -f ${file}.student`;
}

/** sed that renames a context header; fails if it was not there. */
function renameSection(file: string, from: string, to: string): string {
  return `grep -q '^\\[${from}\\]' ${file} && sed -i 's/^\\[${from}\\]/[${to}]/' ${file}`;
}

type Pick = <T>(items: readonly T[]) => T;

interface Plan {
  variant: string;
  on: DamageHost;
  description: string;
  role: string;
  script: string;
  file?: string;
  service?: string;
  domain?: string;
}

function guestPlan(what: DamageKind, t: DamageTarget, pick: Pick): Plan {
  const h = t.host;
  switch (what) {
    case 'iax': {
      const peer = pick(t.neighbours);
      const file = `${ASTERISK}/iax_custom.conf`;
      if (pick(['secret', 'host']) === 'secret')
        return { variant: 'secret', on: h, role: 'trunk-mesh', file, description: `changed the secret of the IAX2 trunk to ${peer.name} in ${file}`, script: `${setKey(file, peer.name, 'secret', 'student123')} && asterisk -rx 'iax2 reload' >/dev/null` };
      return { variant: 'host', on: h, role: 'trunk-mesh', file, description: `pointed the IAX2 trunk to ${peer.name} at a wrong address in ${file}`, script: `${setKey(file, peer.name, 'host', '127.0.0.99')} && asterisk -rx 'iax2 reload' >/dev/null` };
    }
    case 'sip': {
      const file = `${ASTERISK}/pjsip.conf`;
      return { variant: 'password', on: h, role: 'elastix-guest', file, description: `changed the password of the SIP trunk to the kvm host in ${file}`, script: `${setKey(file, 'dahdi-sip-auth', 'password', 'student123')} && asterisk -rx 'module reload res_pjsip.so' >/dev/null` };
    }
    case 'dialplan': {
      const file = `${ASTERISK}/extensions.conf`;
      return { variant: 'context', on: h, role: 'elastix-guest', file, description: `typed context [from-trunk] as [from-trunck] in ${file}`, script: `${renameSection(file, 'from-trunk', 'from-trunck')} && asterisk -rx 'dialplan reload' >/dev/null` };
    }
    case 'service':
      return { variant: 'stop', on: h, role: 'elastix-guest', service: 'asterisk', description: 'stopped Asterisk', script: stopAsterisk };
    case 'vm':
      return vmPlan(t, h, pick);
    case 'dahdi':
      throw notHere(what, h, 'DAHDI is configured on the kvm host');
  }
}

function kvmPlan(what: DamageKind, t: DamageTarget, pick: Pick): Plan {
  const h = t.host;
  switch (what) {
    case 'sip': {
      const file = `${ASTERISK}/pjsip.conf`;
      const users = t.neighbours.map((g) => g.trunkUser).filter((u): u is string => u !== undefined);
      if (!users.length) throw notHere(what, h, 'no PBX guest has a SIP user (pbx_trunk_user) on it');
      const peer = pick(users);
      return { variant: 'password', on: h, role: 'asterisk-host', file, description: `changed the password of SIP peer ${peer} in ${file}`, script: `${setKey(file, peer, 'password', 'student123')} && asterisk -rx 'module reload res_pjsip.so' >/dev/null` };
    }
    case 'dialplan': {
      const file = `${ASTERISK}/extensions.conf`;
      return { variant: 'context', on: h, role: 'asterisk-host', file, description: `typed context [tesis] as [tesys] in ${file}`, script: `${renameSection(file, 'tesis', 'tesys')} && asterisk -rx 'dialplan reload' >/dev/null` };
    }
    case 'service':
      return { variant: 'stop', on: h, role: 'asterisk-host', service: 'asterisk', description: 'stopped Asterisk', script: stopAsterisk };
    case 'dahdi': {
      const file = '/etc/dahdi/system.conf';
      return { variant: 'signalling', on: h, role: 'dahdi', file, description: `turned FXO line 4 into an FXS port (fxsks=4 → fxoks=4) in ${file}`, script: `grep -q '^fxsks=4$' ${file} && sed -i 's/^fxsks=4$/fxoks=4/' ${file}` };
    }
    case 'vm': {
      const guest = pick(t.neighbours);
      return vmPlan(t, guest, pick);
    }
    case 'iax':
      throw notHere(what, h, 'the IAX2 mesh is between the PBX guests');
  }
}

const stopAsterisk = "service asterisk stop >/dev/null 2>&1; asterisk -rx 'core stop now' >/dev/null 2>&1; sleep 1; ! asterisk -rx 'core show uptime' >/dev/null 2>&1";

function vmPlan(t: DamageTarget, guest: DamageHost, pick: Pick): Plan {
  const domain = guest.domain ?? guest.name;
  const virsh = 'virsh -q -c qemu:///system';
  if (pick(['destroy', 'undefine']) === 'destroy')
    return { variant: 'destroy', on: t.kvm, role: 'elastix-guest', domain, description: `destroyed (powered off) domain ${domain} of ${guest.name} on ${t.kvm.name}`, script: `${virsh} destroy ${domain} >/dev/null` };
  return { variant: 'undefine', on: t.kvm, role: 'elastix-guest', domain, description: `destroyed and undefined domain ${domain} of ${guest.name} on ${t.kvm.name} (its disk is kept)`, script: `${virsh} destroy ${domain} >/dev/null 2>&1; ${virsh} undefine ${domain} >/dev/null` };
}

function notHere(what: DamageKind, h: DamageHost, why: string): PlayError {
  return new PlayError('LAB_BAD_DAMAGE', `--what ${what} does not apply to ${h.name}: ${why}`, { hint: `for ${h.name}: ${applicable(h).join(', ')}, random` });
}

/** The kinds of damage that apply to a host. */
export function applicable(h: DamageHost): DamageKind[] {
  return h.role === 'kvm' ? ['sip', 'dialplan', 'service', 'vm', 'dahdi'] : ['iax', 'sip', 'dialplan', 'service', 'vm'];
}

/** A deterministic choice from a seed (random when none). */
export function picker(seed?: number): Pick {
  let s = seed === undefined ? Math.floor(Math.random() * 2 ** 31) : seed >>> 0;
  return <T>(items: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const item = items[(s >>> 16) % items.length];
    if (item === undefined) throw new PlayError('LAB_BAD_DAMAGE', 'nothing to choose from');
    return item;
  };
}

/** Plans the damage (no I/O): `random` picks a kind that applies to the host. */
export function planDamage(what: DamageKind | 'random', t: DamageTarget, seed?: number): Damage {
  const pick = picker(seed);
  const kind = what === 'random' ? pick(applicable(t.host)) : what;
  const plan = t.host.role === 'kvm' ? kvmPlan(kind, t, pick) : guestPlan(kind, t, pick);
  return {
    host: t.host.name,
    what: kind,
    variant: plan.variant,
    on: plan.on.name,
    address: plan.on.address,
    description: plan.description,
    role: plan.role,
    limit: plan.on.name,
    ...(plan.file ? { file: plan.file } : {}),
    ...(plan.service ? { service: plan.service } : {}),
    ...(plan.domain ? { domain: plan.domain } : {}),
    script: plan.script,
  };
}
