import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

/** A libvirt domain as `virsh dominfo` + `virsh dumpxml --inactive` show it. */
export interface DomainState {
  defined: boolean;
  /** virsh's words: "running", "shut off", "paused", … (null when undefined). */
  state: string | null;
  autostart: boolean;
  persistent: boolean;
  /** The persistent definition (what `define` compares against). */
  xml: string | null;
}

export interface DomainArgs {
  name: string;
  uri: string;
}

const XML_MARK = '#play-domain-xml';
const DAEMON_DOWN = '#play-libvirt-down';

/** Where qemu:///system keeps persistent definitions, autostart links and its boot marker. */
const SYSTEM_URI = 'qemu:///system';
const SYSTEM_CONFIG = '/etc/libvirt/qemu';
const AUTOSTARTED_MARKER = '/run/libvirt/qemu/autostarted';

/** Where libvirt keeps a domain's persistent definition (system URI only; a session's lives elsewhere). */
export function definitionFile(uri: string, name: string): string | undefined {
  return uri === SYSTEM_URI ? `${SYSTEM_CONFIG}/${name}.xml` : undefined;
}

/**
 * With libvirtd down (a fresh host whose daemon an earlier task of the same run starts; check
 * mode never starts it), the system URI's persistent definitions are read from the files the
 * daemon would load, so check mode predicts exactly what the run will do.
 */
export const virtDomain: ShellFact<DomainArgs, DomainState> = {
  name: 'virt.domain',
  offline: () => ({ defined: false, state: null, autostart: false, persistent: false, xml: null }),
  command: ({ name, uri }) =>
    sh`u=${uri}; n=${name}; info=$(LC_ALL=C virsh -c "$u" dominfo "$n" 2>&1); rc=$?; echo "rc=$rc"; printf '%s\\n' "$info"; if [ $rc = 0 ]; then echo ${XML_MARK}; LC_ALL=C virsh -c "$u" dumpxml --inactive "$n"; elif [ "$u" = ${SYSTEM_URI} ]; then case $rc:$info in 127:*|*"Failed to connect socket"*"No such file or directory"*|*"Failed to connect socket"*"Connection refused"*) d=${SYSTEM_CONFIG}; echo ${DAEMON_DOWN}; [ -e "$d/autostart/$n.xml" ] && echo autostart=1; [ -e ${AUTOSTARTED_MARKER} ] && echo autostarted=1; [ -f "$d/$n.xml" ] && { echo ${XML_MARK}; cat "$d/$n.xml"; };; esac; fi; true`,
  parse: (result, { name, uri }) => parseDomainState(result.stdout, name, uri),
};

export function parseDomainState(stdout: string, name: string, uri: string): DomainState {
  const mark = stdout.indexOf(`${XML_MARK}\n`);
  const info = mark < 0 ? stdout : stdout.slice(0, mark);
  const xml = mark < 0 ? null : stdout.slice(mark + XML_MARK.length + 1);
  const down = info.indexOf(`${DAEMON_DOWN}\n`);
  if (down >= 0) return definitionWhileDown(info.slice(down), xml);
  const rc = /^rc=(\d+)/.exec(info)?.[1];
  if (rc !== '0') {
    if (/failed to get domain|Domain not found|no domain with matching name/i.test(info)) {
      return { defined: false, state: null, autostart: false, persistent: false, xml: null };
    }
    const why = info.replace(/^rc=\d+\n/, '').trim();
    throw new Error(`cannot query libvirt domain ${name} at ${uri}: ${why || `exit ${rc ?? '?'}`}`);
  }
  const field = (label: string): string | undefined => new RegExp(`^${label}:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
  return {
    defined: true,
    state: field('State') ?? null,
    autostart: field('Autostart') === 'enable',
    persistent: field('Persistent') !== 'no',
    xml,
  };
}

/**
 * The domain as the daemon will see it once it starts: defined by its file, and running if it
 * is marked for autostart and the daemon has not autostarted domains since the host booted
 * (libvirt does that once per boot, and leaves the marker file).
 */
function definitionWhileDown(info: string, xml: string | null): DomainState {
  if (xml === null) return { defined: false, state: null, autostart: false, persistent: false, xml: null };
  const autostart = /^autostart=1$/m.test(info);
  const autostartsOnStart = autostart && !/^autostarted=1$/m.test(info);
  return { defined: true, state: autostartsOnStart ? 'running' : 'shut off', autostart, persistent: true, xml };
}

export interface ImageInfo {
  exists: boolean;
  format?: string | undefined;
  /** Virtual size in bytes. */
  virtualSize?: number | undefined;
}

/** The human form of `qemu-img info`: `--output=json` is missing on old qemu (CentOS 5's kvm-83). */
export const qemuImageInfo: ShellFact<{ path: string }, ImageInfo> = {
  name: 'qemu_img.info',
  offline: () => ({ exists: false }),
  command: ({ path }) => sh`p=${path}; if [ -e "$p" ]; then LC_ALL=C qemu-img info "$p"; else echo missing; fi`,
  parse: (result, { path }) => {
    if (result.rc !== 0) throw new Error(`qemu-img info ${path} failed: ${(result.stderr || result.stdout).trim() || `exit ${result.rc}`}`);
    return parseQemuImgInfo(result.stdout);
  },
};

export function parseQemuImgInfo(stdout: string): ImageInfo {
  if (stdout.trim() === 'missing') return { exists: false };
  const format = /^file format:\s*(\S+)/m.exec(stdout)?.[1];
  const bytes = /^virtual size:.*\((\d+) bytes\)/m.exec(stdout)?.[1];
  return { exists: true, format, virtualSize: bytes === undefined ? undefined : Number(bytes) };
}
