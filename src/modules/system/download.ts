/** Downloading on the target with whichever of curl or wget it has (get_url, unarchive from a URL). */
import type { ShellCommand } from '../../connection/command.js';
import { rawCommand, sh } from '../../connection/command.js';

export interface DownloadSpec {
  url: string;
  timeoutS: number;
  validateCerts: boolean;
  headers: Readonly<Record<string, string>>;
  username: string | undefined;
  password: string | undefined;
}

/** A command that writes the body of `url` to the file named by the shell variable `$out`, failing on HTTP errors. */
export function downloadCommand(d: DownloadSpec): ShellCommand {
  const curlOpts: ShellCommand[] = [sh`-fsSL --max-time ${String(d.timeoutS)}`];
  const wgetOpts: ShellCommand[] = [sh`-q -T ${String(d.timeoutS)}`];
  if (!d.validateCerts) {
    curlOpts.push(sh`-k`);
    wgetOpts.push(sh`--no-check-certificate`);
  }
  for (const [k, v] of Object.entries(d.headers)) {
    curlOpts.push(sh`-H ${`${k}: ${v}`}`);
    wgetOpts.push(sh`--header=${`${k}: ${v}`}`);
  }
  if (d.username !== undefined) {
    curlOpts.push(sh`-u ${`${d.username}:${d.password ?? ''}`}`);
    wgetOpts.push(sh`--user=${d.username} --password=${d.password ?? ''}`);
  }
  const join = (opts: ShellCommand[]) => opts.reduce((acc, o) => acc.concat(o).concat(rawCommand(' ')), sh``);
  return sh`if command -v curl >/dev/null 2>&1; then curl `
    .concat(join(curlOpts))
    .concat(sh`-o "$out" ${d.url}; elif command -v wget >/dev/null 2>&1; then wget `)
    .concat(join(wgetOpts))
    .concat(sh`-O "$out" ${d.url}; else echo 'neither curl nor wget is installed on the target' >&2; exit 127; fi`);
}

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof ALGORITHMS)[number];

/** "sha256:abc…" → its parts, or an error message. */
export function parseChecksum(spec: string): { algorithm: ChecksumAlgorithm; digest: string } | string {
  const i = spec.indexOf(':');
  const algorithm = spec.slice(0, i).toLowerCase() as ChecksumAlgorithm;
  const digest = spec.slice(i + 1).trim().toLowerCase();
  if (i === -1 || !ALGORITHMS.includes(algorithm)) return `The checksum parameter has to be in format <algorithm>:<checksum>, with <algorithm> one of ${ALGORITHMS.join(', ')}`;
  if (!/^[0-9a-f]+$/.test(digest)) return 'a checksum given as a URL is not supported: write the digest itself (<algorithm>:<hex digest>)';
  return { algorithm, digest };
}
