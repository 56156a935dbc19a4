import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The dashboard's action token: generated on first start, kept 0600 beside the history, and
 * shown once (when it is created). Reading pages needs none; every action does.
 */
export function loadOrCreateToken(file: string): { token: string; created: boolean } {
  try {
    const token = readFileSync(file, 'utf8').trim();
    // a token others can read is no secret: tighten it rather than trust it silently
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (token.length >= 32) return { token, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, created: true };
}

/** Constant-time comparison, so the answer's timing tells nothing about the token. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
