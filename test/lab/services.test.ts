import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabService } from '../../src/lab/index.js';
import { labDown, labStatus, labUp, spawnDetached } from '../../src/lab/index.js';
import { processStartTime, probeTcp, waitFor } from '../../src/lab/proc.js';
import { labTestsEnabled } from './lab-support.js';

/** The hook the SPA303 emulator uses: an extra service started, probed and stopped by the lab. */
/** A service on 127.0.10.251:8080 that starts a `sleep` child and records its PID. */
async function fakePhone(): Promise<{ service: LabService; childPidFile: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'lab-svc-'));
    const childPidFile = join(dir, 'child.pid');
    const program = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn('sleep', ['300'], { stdio: 'ignore' });",
      `require('node:fs').writeFileSync(${JSON.stringify(childPidFile)}, String(child.pid));`,
      "require('node:net').createServer((s) => s.end('phone')).listen(8080, '127.0.10.251');",
    ].join('\n');
    const service: LabService = {
      name: 'fakephone',
      address: '127.0.10.251',
      port: 8080,
      start: ({ logFile }) => spawnDetached([process.execPath, '-e', program], logFile),
    };
    return { service, childPidFile };
}

const childOf = async (childPidFile: string): Promise<number> => {
  await waitFor(async () => (await readFile(childPidFile, 'utf8').catch(() => '')) !== '', 30_000);
  return Number(await readFile(childPidFile, 'utf8'));
};

describe.runIf(labTestsEnabled)('lab extra services', () => {
  it('starts a service, reports it, and down stops it with its children', async () => {
    const { service, childPidFile } = await fakePhone();
    await labUp({ hosts: [], services: [service] });
    expect(await probeTcp('127.0.10.251', 8080)).toBe('phone');
    const status = (await labStatus({ hosts: [] })).find((s) => s.name === 'fakephone');
    expect(status).toMatchObject({ kind: 'service', up: true });

    const childPid = await childOf(childPidFile);
    expect(await processStartTime(childPid)).toBeTypeOf('number');
    expect(await labDown({ hosts: [], names: ['fakephone'] })).toEqual(['fakephone']);
    expect(await probeTcp('127.0.10.251', 8080, 500)).toBeUndefined();
    expect(await waitFor(async () => (await processStartTime(childPid)) === undefined, 30_000)).toBe(true);
  }, 120_000);

  it('down stops the children of a service whose own process died', async () => {
    const { service, childPidFile } = await fakePhone();
    const [rec] = (await labUp({ hosts: [], services: [service] })).filter((s) => s.name === 'fakephone');
    const childPid = await childOf(childPidFile);
    process.kill(rec?.pid ?? -1, 'SIGKILL'); // the service crashed; its child lives on
    expect(await waitFor(async () => (await processStartTime(rec?.pid ?? -1)) === undefined, 30_000)).toBe(true);
    expect(await processStartTime(childPid)).toBeTypeOf('number');
    await labDown({ hosts: [], names: ['fakephone'] });
    expect(await waitFor(async () => (await processStartTime(childPid)) === undefined, 30_000)).toBe(true);
  }, 120_000);
});
