import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sh } from '../connection/command.js';
import { LocalConnection } from '../connection/local.js';
import { BATCH_CONTENT_LIMIT, BATCH_PATH_BYTES, fileStatBatchCommand, parseBatchUmask, parseFileStatBatch, type BatchRequest } from './file-batch.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function readBatch(requests: BatchRequest[]) {
  const batch = fileStatBatchCommand(requests);
  const states = parseFileStatBatch(await new LocalConnection().exec(batch.command), batch);
  return requests.map((r) => states.get(r.path));
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
    const [file] = await readBatch([{ path: f, content: false }]);
    const [withContent, empty, sub, link, missing, big] = await readBatch([
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

  it('reads the umask of the session that reads the paths', async () => {
    const batch = fileStatBatchCommand([{ path: '/', content: false }]);
    const res = await new LocalConnection().exec(batch.command);
    expect(parseBatchUmask(res, batch)).toBe(process.umask());
    const under077 = await new LocalConnection().exec(sh`umask 077; `.concat(batch.command));
    expect(parseBatchUmask(under077, batch)).toBe(0o077);
    expect(parseFileStatBatch(under077, batch).get('/')).toMatchObject({ kind: 'directory' });
  });

  it('leaves every path unknown when the command fails', () => {
    const batch = fileStatBatchCommand([{ path: '/x', content: false }], 'SEP');
    const states = parseFileStatBatch({ rc: 1, stdout: 'm\nSEP\nSEP\nSEP\nSEP\n\nSEP\n0022\nSEP\n', stderr: 'boom', stdoutBytes: Buffer.alloc(0) }, batch);
    expect(states.size).toBe(0);
  });

  it('leaves paths unknown when the stat lines do not match the kinds (a path changed meanwhile)', () => {
    const batch = fileStatBatchCommand([{ path: '/x', content: false }, { path: '/y', content: false }], 'SEP');
    const out = 'e\ne\nSEP\nregular file|644|root|root|0|0|1|0\nSEP\nSEP\nSEP\n\nSEP\n0022\nSEP\n';
    expect(parseFileStatBatch({ rc: 0, stdout: out, stderr: '', stdoutBytes: Buffer.alloc(0) }, batch).size).toBe(0);
  });

  it('does not trust content whose sha1 does not match (changed between the two reads)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-batch-'));
    const f = path.join(dir, 'f');
    await writeFile(f, 'abc\n');
    const batch = fileStatBatchCommand([{ path: f, content: true }], 'SEP');
    const real = await new LocalConnection().exec(batch.command);
    const forged = real.stdout.replace(Buffer.from('abc\n').toString('base64'), Buffer.from('xyz\n').toString('base64'));
    const state = parseFileStatBatch({ ...real, stdout: forged }, batch).get(f);
    expect(state).toMatchObject({ kind: 'file', size: 4 });
    expect(state).not.toHaveProperty('content');
  });

  it('many paths cost a handful of processes, not a few per path', () => {
    const batch = fileStatBatchCommand(Array.from({ length: 50 }, (_, i) => ({ path: `/p/${i}`, content: i % 2 === 0 })));
    const text = batch.command.render();
    for (const tool of ['stat -c', 'sha1sum', 'readlink', 'base64']) expect(text.split(tool).length - 1).toBe(1);
  });

  it('leaves out paths that cannot be sent, and stops at its share of a command', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-batch-'));
    const good = path.join(dir, 'good');
    await writeFile(good, 'x');
    const withNul = { path: `${good}\0evil`, content: false };
    const batch = fileStatBatchCommand([withNul, { path: good, content: true }]);
    expect(batch.paths).toEqual([good]);
    expect(parseFileStatBatch(await new LocalConnection().exec(batch.command), batch).get(good)).toMatchObject({ kind: 'file', content: Buffer.from('x') });

    const long = (i: number): BatchRequest => ({ path: `${dir}/${String(i).padStart(4, '0')}${'p'.repeat(1000)}`, content: false });
    const many = fileStatBatchCommand(Array.from({ length: 200 }, (_, i) => long(i)));
    expect(many.paths.length).toBeGreaterThan(10);
    expect(many.paths.length).toBeLessThan(200);
    expect(many.paths).toEqual(Array.from({ length: many.paths.length }, (_, i) => long(i).path)); // the first ones, in order
    expect(Buffer.byteLength(many.command.render())).toBeLessThan(BATCH_PATH_BYTES + 4096);
    const states = parseFileStatBatch(await new LocalConnection().exec(many.command), many);
    expect(states.size).toBe(many.paths.length);
  });
});
