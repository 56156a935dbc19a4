import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalConnection } from '../connection/local.js';
import { BATCH_CONTENT_LIMIT, fileStatBatchCommand, parseFileStatBatch, type BatchRequest } from './file-batch.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function readBatch(requests: BatchRequest[]) {
  const batch = fileStatBatchCommand(requests);
  return parseFileStatBatch(await new LocalConnection().exec(batch.command), batch, requests.length);
}

describe('fileStatBatch', () => {
  it('reads files, directories, links, missing paths and contents in one command', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-batch-'));
    const f = path.join(dir, 'a file');
    await writeFile(f, 'hello\n', { mode: 0o640 });
    await writeFile(path.join(dir, 'empty'), '');
    await mkdir(path.join(dir, 'sub'));
    await symlink('a file', path.join(dir, 'link'));
    await writeFile(path.join(dir, 'big'), Buffer.alloc(BATCH_CONTENT_LIMIT + 1, 'x'));
    const [file, withContent, empty, sub, link, missing, big] = await readBatch([
      { path: f, content: false },
      { path: f, content: true },
      { path: path.join(dir, 'empty'), content: true },
      { path: path.join(dir, 'sub'), content: true },
      { path: path.join(dir, 'link'), content: true },
      { path: path.join(dir, 'nope'), content: true },
      { path: path.join(dir, 'big'), content: true },
    ]);
    expect(file).toMatchObject({ kind: 'file', mode: 0o640, size: 6, sha1: 'f572d396fae9206628714fb2ce00f72e94f2258f' });
    expect(file).not.toHaveProperty('content');
    expect(withContent).toMatchObject({ kind: 'file', content: Buffer.from('hello\n') });
    expect(empty).toMatchObject({ kind: 'file', size: 0, content: Buffer.alloc(0) });
    expect(sub).toMatchObject({ kind: 'directory' });
    expect(link).toMatchObject({ kind: 'link', linkTarget: 'a file' });
    expect(missing).toEqual({ kind: 'missing' });
    expect(big).toMatchObject({ kind: 'file', size: BATCH_CONTENT_LIMIT + 1 });
    expect(big).not.toHaveProperty('content');
  });

  it('leaves every path unknown when the command fails', () => {
    const batch = fileStatBatchCommand([{ path: '/x', content: false }], 'SEP');
    const states = parseFileStatBatch({ rc: 1, stdout: 'SEP\nmissing\n', stderr: 'boom', stdoutBytes: Buffer.alloc(0) }, batch, 1);
    expect(states).toEqual([undefined]);
  });

  it('leaves a path it could not stat unknown', () => {
    const batch = fileStatBatchCommand([{ path: '/x', content: false }, { path: '/y', content: false }], 'SEP');
    const states = parseFileStatBatch({ rc: 0, stdout: 'SEP\nerror\nSEP\nmissing\n', stderr: '', stdoutBytes: Buffer.alloc(0) }, batch, 2);
    expect(states).toEqual([undefined, { kind: 'missing' }]);
  });
});
