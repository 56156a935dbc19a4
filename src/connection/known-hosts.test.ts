import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  fingerprintSha256,
  hostMatches,
  keyTypeOfBlob,
  knownHostName,
  knownKeyTypes,
  loadKnownHosts,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';

// Real keys made with ssh-keygen; the hashed lines come from `ssh-keygen -H` on
// "[127.0.0.1]:2222 <ED25519>" and "example.org <ECDSA>", and the fingerprint from `ssh-keygen -lf`.
const ED25519_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAICyDsfjrO/+0MEi9U9wHmfFNIhw43UPqTV859+hDt+1p';
const ED25519_FP = 'SHA256:0ZuGlS6dmMaR/pJ994WFa3bUWeGEqv6QruwzVKGOVZk';
const ECDSA_B64 =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJ6Efnmk6VVBUQNc0yj4545HquhlT24Rcf4ueuw6v0sc3g2NJf0h0T+ipWFstz3j1fqnPYcWIVDmx9iAYVFSao4=';
const HASHED = `|1|NttXF4gbPp1lZO6Cw6MnXxrchFI=|M/wDaRvDn9E8zN+eU0dfGUcX7Nk= ssh-ed25519 ${ED25519_B64}
|1|c1LNk0/Gv+lbD+/8ao3WvkzWhoM=|FHsPQfSS/W6rVdQDZjzFi97ITsY= ecdsa-sha2-nistp256 ${ECDSA_B64}
`;
const ed25519 = Buffer.from(ED25519_B64, 'base64');
const ecdsa = Buffer.from(ECDSA_B64, 'base64');
/** A different ed25519 key: same type, other bytes — what a reinstalled server presents. */
const otherEd25519 = Buffer.from(ed25519.map((b, i) => (i === ed25519.length - 1 ? b ^ 0xff : b)));

describe('known_hosts format helpers', () => {
  it('prints fingerprints exactly like ssh-keygen -l', () => {
    expect(fingerprintSha256(ed25519)).toBe(ED25519_FP);
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOfBlob(ed25519)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(ecdsa)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOfBlob(Buffer.from([1]))).toBe('unknown');
  });

  it('names hosts on port 22 bare and others bracketed', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('h', 2222)).toBe('[h]:2222');
  });

  it('skips comments, blank and malformed lines and keeps line numbers', () => {
    const entries = parseKnownHosts(`# comment\n\nbad-line\n@revoked * ssh-ed25519 ${ED25519_B64}\nh ssh-ed25519 ${ED25519_B64} c\n`, 'kh');
    expect(entries.map((e) => [e.line, e.marker, e.patterns])).toEqual([
      [4, 'revoked', '*'],
      [5, undefined, 'h'],
    ]);
  });
});

describe('hostMatches', () => {
  it('matches plain names only on port 22', () => {
    expect(hostMatches('web1', 'web1', 22)).toBe(true);
    expect(hostMatches('web1', 'web1', 2222)).toBe(false);
    expect(hostMatches('WEB1', 'web1', 22)).toBe(true);
  });

  it('matches [host]:port and comma lists', () => {
    expect(hostMatches('[127.0.0.1]:2222', '127.0.0.1', 2222)).toBe(true);
    expect(hostMatches('[127.0.0.1]:2222', '127.0.0.1', 2223)).toBe(false);
    expect(hostMatches('web1,127.0.5.5,[web1]:2200', 'web1', 2200)).toBe(true);
    expect(hostMatches('web1,127.0.5.5', '127.0.5.5', 22)).toBe(true);
    expect(hostMatches('web1,127.0.5.5', 'web2', 22)).toBe(false);
  });

  it('supports wildcards and negations', () => {
    expect(hostMatches('*.lab', 'pbx1.lab', 22)).toBe(true);
    expect(hostMatches('pbx?.lab', 'pbx12.lab', 22)).toBe(false);
    expect(hostMatches('*.lab,!pbx1.lab', 'pbx1.lab', 22)).toBe(false);
    expect(hostMatches('*.lab,!pbx1.lab', 'pbx2.lab', 22)).toBe(true);
  });

  it('matches hashed entries written by ssh-keygen -H', () => {
    const [first, second] = parseKnownHosts(HASHED, 'kh');
    expect(hostMatches(first?.patterns ?? '', '127.0.0.1', 2222)).toBe(true);
    expect(hostMatches(first?.patterns ?? '', '127.0.0.1', 22)).toBe(false);
    expect(hostMatches(second?.patterns ?? '', 'example.org', 22)).toBe(true);
    expect(hostMatches(second?.patterns ?? '', 'example.com', 22)).toBe(false);
  });
});

describe('verifyHostKey', () => {
  const entries = parseKnownHosts(
    `[127.0.0.1]:2222 ssh-ed25519 ${ED25519_B64}\nexample.org ecdsa-sha2-nistp256 ${ECDSA_B64}\n`,
    'kh',
  );

  it('accepts the recorded key', () => {
    expect(verifyHostKey(entries, '127.0.0.1', 2222, ed25519)).toMatchObject({ status: 'known', entry: { line: 1 } });
    expect(verifyHostKey(parseKnownHosts(HASHED, 'kh'), 'example.org', 22, ecdsa).status).toBe('known');
  });

  it('reports a different key of the same type as changed, pointing at the old line', () => {
    expect(verifyHostKey(entries, '127.0.0.1', 2222, otherEd25519)).toMatchObject({ status: 'changed', entry: { file: 'kh', line: 1 } });
    expect(verifyHostKey(parseKnownHosts(HASHED, 'kh'), '127.0.0.1', 2222, otherEd25519).status).toBe('changed');
  });

  it('reports a host with no recorded key as unknown', () => {
    expect(verifyHostKey(entries, '127.0.0.2', 2222, ed25519)).toEqual({ status: 'unknown' });
    // a CA line or a revocation is not a key of the host
    const other = parseKnownHosts(`@cert-authority * ssh-ed25519 ${ED25519_B64}\n@revoked web9 ecdsa-sha2-nistp256 ${ECDSA_B64}\n`, 'kh2');
    expect(verifyHostKey(other, 'web9', 22, ed25519)).toEqual({ status: 'unknown' });
  });

  it('reports a key of a new type for a host known under another type as other-type, with every known line', () => {
    expect(verifyHostKey(entries, 'example.org', 22, ed25519)).toMatchObject({
      status: 'other-type',
      known: [{ file: 'kh', line: 2, keyType: 'ecdsa-sha2-nistp256' }],
    });
    // hashed lines count as known too
    expect(verifyHostKey(parseKnownHosts(HASHED, 'kh'), 'example.org', 22, ed25519).status).toBe('other-type');
  });

  it('refuses revoked keys even when they are also listed as known', () => {
    const withRevoked = [...entries, ...parseKnownHosts(`@revoked * ssh-ed25519 ${ED25519_B64}`, 'kh2')];
    expect(verifyHostKey(withRevoked, '127.0.0.1', 2222, ed25519).status).toBe('revoked');
  });

  it('lists the key types recorded for a host', () => {
    expect(knownKeyTypes(entries, 'example.org', 22)).toEqual(['ecdsa-sha2-nistp256']);
    expect(knownKeyTypes(entries, 'nowhere', 22)).toEqual([]);
  });
});

describe('loading and appending files', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('treats missing files as empty and reads the others in order', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
    await writeFile(join(dir, 'a'), `h ssh-ed25519 ${ED25519_B64}\n`);
    const entries = await loadKnownHosts([join(dir, 'missing'), join(dir, 'a')]);
    expect(entries.map((e) => e.file)).toEqual([join(dir, 'a')]);
  });

  it('creates the directory 0700 and the file 0600 and writes a line OpenSSH reads back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
    const file = join(dir, '.ssh', 'known_hosts');
    await appendKnownHost(file, '127.0.0.1', 2222, ed25519);
    await appendKnownHost(file, 'web1', 22, ecdsa);
    expect(await readFile(file, 'utf8')).toBe(
      `[127.0.0.1]:2222 ssh-ed25519 ${ED25519_B64}\nweb1 ecdsa-sha2-nistp256 ${ECDSA_B64}\n`,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, '.ssh'))).mode & 0o777).toBe(0o700);
    const entries = await loadKnownHosts([file]);
    expect(verifyHostKey(entries, 'web1', 22, ecdsa).status).toBe('known');
  });

  it('sees a key appended after the file was read (the parsed file is reused only while unchanged)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ecdsa-sha2-nistp256 ${ECDSA_B64}\n`);
    const before = await loadKnownHosts([file]);
    expect(verifyHostKey(before, 'web2', 22, ed25519).status).toBe('unknown');
    expect(await loadKnownHosts([file])).toEqual(before);
    await appendKnownHost(file, 'web2', 22, ed25519);
    expect(verifyHostKey(await loadKnownHosts([file]), 'web2', 22, ed25519).status).toBe('known');
  });

  it('parses a file once for connections that start together (they share the entries)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ecdsa-sha2-nistp256 ${ECDSA_B64}\n`);
    const loads = await Promise.all(Array.from({ length: 20 }, () => loadKnownHosts([file])));
    expect(new Set(loads.map((l) => l[0])).size).toBe(1);
    expect(verifyHostKey(loads[19] ?? [], 'web1', 22, ecdsa).status).toBe('known');
  });

  it('starts a new line when the existing file lacks a final newline', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-'));
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ecdsa-sha2-nistp256 ${ECDSA_B64}`);
    await appendKnownHost(file, 'web2', 22, ed25519);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(3);
    expect(verifyHostKey(await loadKnownHosts([file]), 'web2', 22, ed25519).status).toBe('known');
  });
});
