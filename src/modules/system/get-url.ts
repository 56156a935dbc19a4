/**
 * get_url: download a URL to a file on the target with the target's curl or wget; with
 * `checksum`, a file that already matches is not fetched again and a download that does not
 * match is refused. Runs on the target, as Ansible's does: the controller never sees the file.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { abool, aint, amode, astr } from '../schema.js';
import { fileDigest } from '../../facts/system-names.js';
import type { FileState } from '../../facts/file.js';
import { factKey } from '../../facts/types.js';
import { newFileMode } from '../../facts/umask.js';
import { defineModule, type Change, type Effect } from '../types.js';
import { attributeResult, planAttributes } from '../files/attributes.js';
import { downloadCommand, parseChecksum, type DownloadSpec } from './download.js';

const args = z.strictObject({
  url: astr(),
  dest: astr(),
  force: abool().default(false),
  checksum: astr().default(''),
  timeout: aint().default(10),
  headers: z.record(z.string(), astr()).default({}),
  validate_certs: abool().default(true),
  url_username: astr().optional(),
  url_password: astr().optional(),
  mode: amode().optional(),
  owner: astr().optional(),
  group: astr().optional(),
});

export const getUrl = defineModule({
  name: 'get_url',
  description: 'Downloads files from HTTP, HTTPS, or FTP to the target (curl or wget there)',
  checkMode: 'reports the download it would make; the file is not fetched',
  args,
  aliases: { url_username: ['username'], url_password: ['password'] },
  secretArgs: ['url_password'],
  async plan(a, ctx) {
    const sum = a.checksum === '' ? undefined : parseChecksum(a.checksum);
    if (typeof sum === 'string') throw new ModuleError(sum, { url: a.url, dest: a.dest });
    let dest = a.dest;
    let st = await ctx.stat(dest, { checksum: true });
    if (st.kind === 'directory') {
      const name = posix.basename(new URL(a.url).pathname) || 'index.html';
      dest = posix.join(dest, name);
      st = await ctx.stat(dest, { checksum: true });
    }
    const spec: DownloadSpec = { url: a.url, timeoutS: a.timeout, validateCerts: a.validate_certs, headers: a.headers, username: a.url_username, password: a.url_password };
    const result: Record<string, unknown> = { url: a.url, dest, checksum_dest: st.kind === 'file' ? (st.sha1 ?? null) : null };
    let fetch = st.kind !== 'file';
    if (st.kind === 'file' && sum) {
      fetch = (await ctx.fact(fileDigest, { path: dest, algorithm: sum.algorithm })) !== sum.digest;
    } else if (st.kind === 'file' && a.force) {
      // compare what the URL serves with the file, without touching the file
      const res = await ctx.probe(sh`out=/dev/stdout; { `.concat(downloadCommand(spec)).concat(sh`; } | sha1sum`), { offline: { rc: 0, stdout: '' } });
      fetch = res.rc !== 0 || res.stdout.split(/\s/)[0] !== st.sha1;
    }
    const changes: Change[] = [];
    if (fetch) {
      const verify = sum ? sh`[ "$(${`${sum.algorithm}sum`} < "$out" | cut -d' ' -f1)" = ${sum.digest} ] || { echo "The checksum for $out did not match ${sum.digest}" >&2; rm -f "$out"; exit 1; }; ` : sh``;
      const command = sh`dest=${dest}; out=$(mktemp "$dest.XXXXXX") || exit 1; `
        .concat(downloadCommand(spec))
        .concat(sh` || { rc=$?; rm -f "$out"; exit $rc; }; `)
        .concat(verify)
        .concat(sh`if [ -f "$dest" ] && cmp -s "$out" "$dest"; then rm -f "$out"; else chmod 0666 "$out" && chmod "$(printf '%o' $((0666 & ~$(umask))))" "$out" && mv -f "$out" "$dest" || { rm -f "$out"; exit 1; }; fi; sha1sum < "$dest" | cut -d' ' -f1`);
      // what is known of the file afterwards: it is there, with the checksum it was asked to have
      const downloaded: FileState = { kind: 'file', mode: newFileMode(await ctx.umask()), owner: '', group: '', uid: -1, gid: -1, size: 0, mtime: Math.floor(Date.now() / 1000) };
      const effects: Effect[] = [{ kind: 'file', path: dest, state: downloaded }];
      if (sum) effects.push({ kind: 'fact', key: factKey(fileDigest, { path: dest, algorithm: sum.algorithm }), value: sum.digest });
      changes.push({ describe: `download ${a.url} to ${dest}`, apply: { kind: 'exec', command, resultFields: ['checksum_src'] }, effects });
    }
    const current = st.kind === 'missing' ? { kind: 'file' as const, mode: 0o644, owner: '', group: '', uid: -1, gid: -1 } : st;
    if (current.kind !== 'directory') {
      const attrs = planAttributes(dest, { ...current, kind: 'file' }, { mode: a.mode, owner: a.owner, group: a.group });
      // after a fresh download the file's mode is the umask's: set a wanted mode regardless
      const forced = fetch && a.mode !== undefined && !attrs.changes.some((c) => c.describe.startsWith('chmod')) ? planAttributes(dest, { ...current, kind: 'file', mode: 0 }, { mode: a.mode }).changes : [];
      changes.push(...forced, ...attrs.changes);
    }
    if (st.kind !== 'missing') Object.assign(result, attributeResult(st));
    return { changes, msg: fetch ? 'OK' : 'file already exists', result: { ...result, state: 'file' } };
  },
});
