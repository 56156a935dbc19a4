import path from 'node:path';
import { PlayError } from '../errors.js';

/**
 * Where `--render DIR` stores a file a task would write: DIR/<host>/<absolute path on the host>,
 * and never anywhere else. The render interpreter checks all of a task's paths with this before
 * it writes any (a path that cannot be rendered fails the task, naming it).
 */

/**
 * The file under `dir` for `target` on `host`. A `..` in the path is refused rather than resolved:
 * joined to DIR/<host>/ it would climb out of it, and resolving it offline would guess where the
 * host's symlinks lead.
 */
export function renderedFile(dir: string, host: string, target: string, task: string): string {
  const hostDir = path.join(dir, host);
  const file = path.join(hostDir, target);
  const badHost = host === '' || host === '.' || host === '..' || host.includes('/');
  const why = badHost ? 'the host name' : target.split('/').includes('..') ? "'..' in the path" : file.startsWith(hostDir + path.sep) ? undefined : 'the path';
  if (why === undefined) return file;
  throw new PlayError('RENDER_OUTSIDE', `--render: task '${task}' would write ${target} on ${host}, which is not rendered: ${why} would leave ${hostDir}${path.sep}`, {
    hint: badHost ? 'give the host an inventory name without "/" and ".."' : "write the path without '..' (e.g. /etc/asterisk/sip.conf, not /etc/asterisk/../asterisk/sip.conf)",
  });
}
