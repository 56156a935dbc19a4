import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPaths } from '../../src/lab/hosts.js';
import { spa303LabService, spa303StatePath } from '../../src/spa303/service.js';
import type * as ServiceModule from '../../src/spa303/service.js';

/**
 * The lab service: the compiled entry script started detached, answering on its address, its
 * configuration kept in the lab's directory. Compiles the emulator's sources to a scratch dir
 * (the lab runs the built product).
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spa303-service-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('spa303 lab service', () => {
  it('describes the thesis phone moved to loopback', () => {
    const svc = spa303LabService(labPaths({ HOME: '/nonexistent' }));
    expect(svc).toMatchObject({ name: 'spa303', address: '127.0.10.110', port: 80 });
    expect(spa303StatePath(labPaths({ HOME: '/h' }))).toBe('/h/.cache/play/lab/spa303/state.json');
  });

  it('starts the compiled emulator detached, with the factory password from the environment', async () => {
    const out = path.join(dir, 'build');
    const tsc = path.resolve('node_modules/typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '--outDir', out, '--rootDir', 'src', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--skipLibCheck', '--types', 'node', 'src/spa303/main.ts', 'src/spa303/service.ts']);
    await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
    const built = (await import(path.join(out, 'spa303', 'service.js'))) as typeof ServiceModule;
    const paths = labPaths({ HOME: dir });
    const port = await freePort();
    const logFile = path.join(dir, 'service.log');
    const pid = await built.spa303LabService(paths, { address: '127.0.0.1', port, adminPassword: 'f4ctory' }).start({ logFile });
    try {
      let status = 0;
      for (let i = 0; i < 50 && status === 0; i++) {
        status = await fetch(`http://127.0.0.1:${port}/admin/spacfg.xml`).then((r) => r.status, () => 0);
        if (status === 0) await sleep(100);
      }
      expect(status).toBe(401);
      const state = JSON.parse(await readFile(spa303StatePath(paths), 'utf8')) as { params: Record<string, string> };
      expect(state.params.Admin_Passwd).toBe('f4ctory');
      expect(await readFile(logFile, 'utf8')).toContain(`SPA303 emulator listening on http://127.0.0.1:${port}`);
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  }, 60_000);
});
