import path from 'node:path';
import { PlayError } from '../errors.js';
import type { LabHost, LabPaths } from './hosts.js';
import { labPathsSharingBase } from './hosts.js';

/**
 * The classroom: N student benches, each a copy of the default lab (a kvm host, three PBX guests,
 * the SPA303 emulator) on its own loopback network, in a lab root of its own that runs on the
 * default lab's base image. Bench k (1-based) lives on 127.0.(20+k).x with the default lab's last
 * octets, so the classroom stays inside 127.0.20.0–127.0.39.255 and never meets the default lab
 * (127.0.10.x) or the benchmark's (127.0.11.x, 127.0.12.x).
 *
 * This model is the classroom's one source: `play lab up --benches N` starts its hosts and writes
 * inventory/classroom.yml from it (classroom-inventory.ts).
 */
export const CLASSROOM_LAB = 'classroom';
export const MAX_BENCHES = 19;
/** What `play lab up --benches` builds without a number, and what the committed inventory holds. */
export const DEFAULT_BENCHES = 2;

/** inventory/classroom.yml of this repository (next to lab.yml, so it shares group_vars/). */
export const CLASSROOM_INVENTORY = path.resolve(import.meta.dirname, '..', '..', 'inventory', 'classroom.yml');

/** One PBX guest of a bench: the default lab's per-guest data, unchanged on every bench. */
export interface BenchGuest {
  name: string;
  address: string;
  domain: string;
  extension: number;
  trunkUser: number;
  meshUserBase: number;
}

export interface Bench {
  /** 1-based bench number, and its inventory group (bench01…). */
  number: number;
  group: string;
  kvmhost: { name: string; address: string };
  guests: BenchGuest[];
  phone: { name: string; address: string; userId: number };
}

/** The default lab's guests (inventory/lab.yml): last octet and thesis data. */
const GUESTS = [
  { suffix: 'virtual1', octet: 195, domain: 'VirtualAsterisk1', extension: 1500, trunkUser: 7001, meshUserBase: 1000 },
  { suffix: 'virtual2', octet: 156, domain: 'VirtualAsterisk2', extension: 2500, trunkUser: 7002, meshUserBase: 2000 },
  { suffix: 'virtual3', octet: 158, domain: 'VirtualAsterisk3', extension: 3500, trunkUser: 7003, meshUserBase: 3000 },
] as const;
const KVM_OCTET = 153;
const PHONE_OCTET = 110;
const PHONE_USER = 7004;

/** A bench count from the command line: a whole number 1…MAX_BENCHES. */
export function parseBenchCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BENCHES;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BENCHES)
    throw new PlayError('LAB_BAD_BENCHES', `--benches ${text}: expected a whole number from 1 to ${MAX_BENCHES}`, {
      hint: `bench k lives on 127.0.(20+k).x, and the classroom owns 127.0.20.0–127.0.39.255 only`,
    });
  return n;
}

export function bench(k: number): Bench {
  if (!Number.isInteger(k) || k < 1 || k > MAX_BENCHES) throw new PlayError('LAB_BAD_BENCHES', `bench ${k}: expected 1 to ${MAX_BENCHES}`);
  const tag = String(k).padStart(2, '0');
  const net = `127.0.${20 + k}`;
  return {
    number: k,
    group: `bench${tag}`,
    kvmhost: { name: `b${tag}-kvmhost`, address: `${net}.${KVM_OCTET}` },
    guests: GUESTS.map((g) => ({
      name: `b${tag}-${g.suffix}`,
      address: `${net}.${g.octet}`,
      domain: g.domain,
      extension: g.extension,
      trunkUser: g.trunkUser,
      meshUserBase: g.meshUserBase,
    })),
    phone: { name: `b${tag}-spa303`, address: `${net}.${PHONE_OCTET}`, userId: PHONE_USER },
  };
}

export function benches(n: number): Bench[] {
  return Array.from({ length: n }, (_, i) => bench(i + 1));
}

/** The namespace hosts of N benches (the phones are services: see spa303LabService). */
export function classroomHosts(n: number): LabHost[] {
  return benches(n).flatMap((b) => [
    { name: b.kvmhost.name, address: b.kvmhost.address, kvm: true },
    ...b.guests.map((g) => ({ name: g.name, address: g.address, kvm: false })),
  ]);
}

export function classroomPaths(env: NodeJS.ProcessEnv = process.env): LabPaths {
  return labPathsSharingBase(CLASSROOM_LAB, env);
}
