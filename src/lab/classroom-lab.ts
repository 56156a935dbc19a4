import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spa303LabService } from '../spa303/service.js';
import { MAX_BENCHES, benches, classroomHosts, classroomPaths } from './classroom.js';
import { writeClassroomInventory } from './classroom-inventory.js';
import type { HostStatus } from './lab.js';
import { labDown, labStatus, labUp } from './lab.js';

/** `play lab up|status|down --benches`: the classroom's own lab root, on the default lab's base image. */

export interface ClassroomUpOptions {
  benches: number;
  /** Where the classroom inventory is (re)written. */
  inventory: string;
  startLibvirt?: boolean;
  onProgress?: (step: string) => void;
}

export async function classroomUp(o: ClassroomUpOptions): Promise<{ statuses: HostStatus[]; inventoryWritten: boolean }> {
  const paths = classroomPaths();
  const statuses = await labUp({
    paths,
    hosts: classroomHosts(o.benches),
    // one emulator per bench, each with its own state under the classroom root
    services: benches(o.benches).map((b) => spa303LabService(paths, { name: b.phone.name, address: b.phone.address })),
    // the classroom never builds the base: the default lab's `play lab up` does
    existingBase: true,
    startLibvirt: o.startLibvirt === true,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { statuses, inventoryWritten: await writeClassroomInventory(o.inventory, o.benches) };
}

/** N benches' hosts (down when not started) and every host or phone the classroom has running. */
export function classroomStatus(n: number | undefined): Promise<HostStatus[]> {
  return labStatus({ paths: classroomPaths(), hosts: n === undefined ? [] : classroomHosts(n) });
}

/** Stops every classroom host and phone; with `discard`, also deletes their layers and phone state. */
export async function classroomDown(o: { discard?: boolean; onProgress?: (step: string) => void }): Promise<string[]> {
  const paths = classroomPaths();
  const stopped = await labDown({ paths, hosts: [], ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  if (o.discard) {
    await rm(paths.hosts, { recursive: true, force: true });
    for (const b of benches(MAX_BENCHES)) await rm(join(paths.root, b.phone.name), { recursive: true, force: true });
  }
  return stopped;
}
