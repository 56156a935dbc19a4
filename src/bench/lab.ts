import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabHost, LabPaths } from '../lab/hosts.js';
import { labDown, labPathsSharingBase, labUp } from '../lab/index.js';
import { spa303LabService } from '../spa303/service.js';

/**
 * The benchmark's own lab: Python-enabled namespace hosts (Ansible needs Python on targets) in
 * a lab root of their own, on the default lab's base image. Addresses: 127.0.11.0/24 for the
 * many-host scenarios, 127.0.12.0/24 for the copy of the five-host VoIP lab.
 */
export const BENCH_LAB = 'bench-lab';

export function benchPaths(): LabPaths {
  return labPathsSharingBase(BENCH_LAB);
}

/** bench-01 … bench-NN on 127.0.11.1 … */
export function fileHosts(n: number): LabHost[] {
  return Array.from({ length: n }, (_, i) => ({ name: `bench-${String(i + 1).padStart(2, '0')}`, address: `127.0.11.${i + 1}`, kvm: false, python: true }));
}

/** The VoIP lab's hosts, copied: inventory name → bench host. */
export const SITE_HOSTS: readonly (LabHost & { role: string })[] = [
  { role: 'kvmhost', name: 'bench-201', address: '127.0.12.1', kvm: true, python: true },
  { role: 'virtual1', name: 'bench-202', address: '127.0.12.2', kvm: false, python: true },
  { role: 'virtual2', name: 'bench-203', address: '127.0.12.3', kvm: false, python: true },
  { role: 'virtual3', name: 'bench-204', address: '127.0.12.4', kvm: false, python: true },
];
export const SITE_PHONE_ADDRESS = '127.0.12.10';

export async function benchLabUp(hosts: readonly LabHost[], site: boolean, progress: (s: string) => void): Promise<void> {
  const paths = benchPaths();
  await labUp({
    paths,
    hosts: site ? [...hosts, ...SITE_HOSTS.map(({ role: _r, ...h }) => h)] : hosts,
    existingBase: true,
    startLibvirt: site,
    services: site ? [spa303LabService(paths, { address: SITE_PHONE_ADDRESS })] : [],
    onProgress: progress,
  });
}

/** Stops every host and service the benchmark started and discards their layers. */
export async function benchLabDown(progress: (s: string) => void): Promise<void> {
  const paths = benchPaths();
  await labDown({ paths, onProgress: progress });
  await rm(join(paths.root, 'hosts'), { recursive: true, force: true });
  await rm(join(paths.root, 'spa303'), { recursive: true, force: true });
}
