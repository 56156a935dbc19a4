import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { emptyState, readState, writeState } from './state.js';

describe('lab state file', () => {
  it('round-trips and starts empty when missing', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'lab-state-')), 'sub', 'state.json');
    expect(await readState(file)).toEqual(emptyState());
    const state = emptyState();
    state.hosts['virtual1'] = {
      kind: 'host',
      address: '127.0.10.195',
      port: 22,
      init: { pid: 1234, startTime: 99 },
      launcher: { pid: 1233, startTime: 98 },
      startedAt: '2025-01-01T00:00:00.000Z',
    };
    await writeState(file, state);
    expect(await readState(file)).toEqual(state);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('rejects a file that is not lab state, naming the file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'lab-state-')), 'state.json');
    await writeFile(file, '{"version":1,"hosts":{"x":{"pid":"nope"}}}');
    const err = await readState(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlayError);
    expect((err as PlayError).source?.file).toBe(file);
    await writeFile(file, '{oops');
    await expect(readState(file)).rejects.toThrow(/not valid JSON/);
  });
});
