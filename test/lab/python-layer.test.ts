import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabHost } from '../../src/lab/index.js';
import { labDown, labPaths, labPathsSharingBase, labStatus, labUp } from '../../src/lab/index.js';
import { run } from '../../src/lab/proc.js';
import { labTestsEnabled } from './lab-support.js';

/**
 * A Python host in a lab of its own (own root and state, the default lab's base), as the
 * benchmark starts them; the default lab and its base stay Python-free.
 */
const paths = labPathsSharingBase('lab-test-python');
const host: LabHost = { name: 'bench-pytest', address: '127.0.11.250', kvm: false, python: true };
const plain: LabHost = { name: 'bench-nopython', address: '127.0.11.251', kvm: false };

function ssh(address: string, command: string): Promise<{ rc: number; stdout: string }> {
  return run(['ssh', '-i', paths.privateKey, '-o', `UserKnownHostsFile=${paths.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-F', '/dev/null', `root@${address}`, command]);
}

describe.runIf(labTestsEnabled)('lab hosts with Python', () => {
  beforeAll(async () => {
    await labUp({ paths, hosts: [host, plain], existingBase: true });
  }, 120_000);
  afterAll(async () => {
    await labDown({ paths });
    await rm(paths.root, { recursive: true, force: true });
  }, 60_000);

  it('runs python3 with what Ansible modules import', async () => {
    const r = await ssh(host.address, `python3 -c 'import json, hashlib, zipfile, base64, tempfile, shutil, subprocess; print(hashlib.sha1(b"").hexdigest())'`);
    expect(r).toMatchObject({ rc: 0, stdout: 'da39a3ee5e6b4b0d3255bfef95601890afd80709\n' });
  });

  it('gives Python only to hosts that ask for it; the base stays without', async () => {
    expect((await ssh(plain.address, 'command -v python3 || echo none')).stdout).toBe('none\n');
    expect((await run(['test', '-e', `${labPaths().base}/usr/bin/python3`])).rc).not.toBe(0);
  });

  it('keeps its hosts out of the default lab', async () => {
    expect((await labStatus()).map((s) => s.name)).not.toContain(host.name);
    expect((await labStatus({ paths, hosts: [host] })).filter((s) => s.name === host.name).map((s) => s.up)).toEqual([true]);
  });
});
