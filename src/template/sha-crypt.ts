/**
 * SHA-crypt ($5$ sha256_crypt, $6$ sha512_crypt; Ulrich Drepper's specification), for the
 * password_hash filter: the same hashes as glibc's crypt(3), which Ansible uses without passlib.
 */
import { createHash, randomInt } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Byte triples of the final digest, in the order the specification encodes them. */
const ORDER: Record<'sha256' | 'sha512', { triples: number[][]; tail: number[] }> = {
  sha512: {
    triples: [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41]],
    tail: [-1, -1, 63],
  },
  sha256: {
    triples: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]],
    tail: [-1, 31, 30],
  },
};

function encode(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ITOA64[w & 0x3f];
    w >>= 6;
  }
  return out;
}

/** `len` bytes of `block` repeated. */
function repeatTo(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length) block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

export function randomSalt(length = 16): string {
  return Array.from({ length }, () => ITOA64[randomInt(ITOA64.length)]).join('');
}

export function shaCrypt(algorithm: 'sha256' | 'sha512', password: string, saltText: string, rounds?: number): string {
  const H = (...parts: Buffer[]): Buffer => {
    const h = createHash(algorithm);
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(saltText, 'utf8').subarray(0, 16);
  const n = rounds === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, rounds));
  const B = H(P, S, P);
  const aParts: Buffer[] = [P, S, repeatTo(B, P.length)];
  for (let len = P.length; len > 0; len >>= 1) aParts.push(len & 1 ? B : P);
  const A = H(...aParts);
  const DP = H(...Array.from({ length: P.length }, () => P));
  const Pp = repeatTo(DP, P.length);
  const DS = H(...Array.from({ length: 16 + (A[0] as number) }, () => S));
  const Sp = repeatTo(DS, S.length);
  let C = A;
  for (let i = 0; i < n; i++) {
    const parts: Buffer[] = [i & 1 ? Pp : C];
    if (i % 3) parts.push(Sp);
    if (i % 7) parts.push(Pp);
    parts.push(i & 1 ? C : Pp);
    C = H(...parts);
  }
  const { triples, tail } = ORDER[algorithm];
  const byte = (i: number): number => (i < 0 ? 0 : (C[i] as number));
  let out = triples.map(([a, b, c]) => encode(byte(a as number), byte(b as number), byte(c as number), 4)).join('');
  out += encode(byte(tail[0] as number), byte(tail[1] as number), byte(tail[2] as number), algorithm === 'sha512' ? 2 : 3);
  const id = algorithm === 'sha512' ? '6' : '5';
  return `$${id}$${rounds === undefined ? '' : `rounds=${n}$`}${S.toString('utf8')}$${out}`;
}
