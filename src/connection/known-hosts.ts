import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * OpenSSH known_hosts files: parsing, host matching (plain names, `[host]:port`, comma lists,
 * wildcards, negations, hashed `|1|salt|hash` entries) and appending newly accepted keys.
 * Kept apart from the transport so the rules can be tested without a network.
 */

export interface KnownHostEntry {
  file: string;
  line: number; // 1-based
  marker: 'revoked' | 'cert-authority' | undefined;
  patterns: string; // the host field as written
  keyType: string;
  key: Buffer; // the raw key blob
}

/**
 * - known: this very key is recorded for the host;
 * - unknown: no key at all is recorded for the host (the only case accept-new may record);
 * - changed: another key of the same type is recorded;
 * - other-type: the host is known, but only under other key types (`known`). OpenSSH treats
 *   this as a changed key too, even with StrictHostKeyChecking=accept-new: a server that
 *   suddenly offers only a type we have never seen from it may be someone else.
 * - revoked: the key is marked @revoked.
 */
export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'other-type'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** The name OpenSSH writes and matches for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:…` exactly as `ssh-keygen -l` and OpenSSH's prompts print it. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type recorded inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOfBlob(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  if (len > 64 || 4 + len > key.length) return 'unknown';
  return key.subarray(4, 4 + len).toString('latin1');
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // an unknown marker: OpenSSH ignores the line too
    }
    const [patterns, keyType, keyB64] = fields;
    if (patterns === undefined || keyType === undefined || keyB64 === undefined) return;
    const key = Buffer.from(keyB64, 'base64');
    if (key.length === 0) return;
    entries.push({ file, line: i + 1, marker, patterns, keyType, key });
  });
  return entries;
}

/** Does one host field (a comma list, or a hashed name) name this host? Negations veto. */
export function hostMatches(patterns: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (patterns.startsWith('|1|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!globMatches(pattern, name.toLowerCase())) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , saltB64, hashB64] = field.split('|');
  if (saltB64 === undefined || hashB64 === undefined) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = createHmac('sha1', Buffer.from(saltB64, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH's match_pattern: `*` any run, `?` any one character, everything else literal. */
function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

/** Groups RSA signature algorithms under the one key type that known_hosts records. */
function sameKeyFamily(a: string, b: string): boolean {
  const norm = (t: string): string => (t.startsWith('rsa-sha2-') ? 'ssh-rsa' : t);
  return norm(a) === norm(b);
}

export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const keyType = keyTypeOfBlob(key);
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && hostMatches(e.patterns, host, port));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  const changed = plain.find((e) => sameKeyFamily(e.keyType, keyType));
  if (changed) return { status: 'changed', entry: changed };
  if (plain.length) return { status: 'other-type', known: plain };
  return { status: 'unknown' };
}

/** Key types already recorded for a host, so the client can ask the server for one of those first. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const types = entries
    .filter((e) => e.marker === undefined && hostMatches(e.patterns, host, port))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/** Reads every file that exists; a missing file is simply empty (as for OpenSSH). */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let st: { mtimeMs: number; size: number; ino: number };
    try {
      st = await stat(file);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    // Connections to many hosts read the same files: parsed once while they stay unchanged, and
    // connections that start together share the one read (not one copy of the file each)
    const cached = parsedFiles.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size && cached.ino === st.ino) {
      all.push(...(await cached.entries));
      continue;
    }
    const entries = readFile(file, 'utf8').then(
      (text) => parseKnownHosts(text, file),
      (err: unknown) => {
        if (isNotFound(err)) return [];
        throw err;
      },
    );
    const record = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, entries };
    parsedFiles.set(file, record);
    entries.catch(() => {
      if (parsedFiles.get(file) === record) parsedFiles.delete(file);
    });
    all.push(...(await entries));
  }
  return all;
}

/**
 * Parsed known_hosts files: pure data keyed by the file's identity (path, inode, size, mtime),
 * shared by every run in the process and never changed once parsed.
 */
const parsedFiles = new Map<string, { mtimeMs: number; size: number; ino: number; entries: Promise<KnownHostEntry[]> }>();

/**
 * Records a newly accepted key like `StrictHostKeyChecking=accept-new`: one plain line, the
 * directory created 0700 and the file 0600 when they did not exist.
 */
export async function appendKnownHost(file: string, host: string, port: number, key: Buffer): Promise<string> {
  const line = `${knownHostName(host, port)} ${keyTypeOfBlob(key)} ${key.toString('base64')}`;
  const dir = dirname(file);
  if (!(await exists(dir))) await mkdir(dir, { recursive: true, mode: 0o700 });
  const existed = await exists(file);
  let prefix = '';
  if (existed) {
    const current = await readFile(file);
    if (current.length > 0 && current[current.length - 1] !== 0x0a) prefix = '\n';
  }
  await appendFile(file, `${prefix}${line}\n`, { mode: 0o600 });
  if (!existed) await chmod(file, 0o600);
  return line;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT';
}
