import { sh } from '../connection/command.js';
import type { Fact } from './types.js';

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

export const virtDomain: Fact<DomainArgs, DomainState> = {
  name: 'virt.domain',
  command: ({ name, uri }) =>
    sh`u=${uri}; n=${name}; info=$(LC_ALL=C virsh -c "$u" dominfo "$n" 2>&1); rc=$?; echo "rc=$rc"; printf '%s\\n' "$info"; if [ $rc = 0 ]; then echo ${XML_MARK}; LC_ALL=C virsh -c "$u" dumpxml --inactive "$n"; fi; true`,
  parse: (result, { name, uri }) => parseDomainState(result.stdout, name, uri),
};

export function parseDomainState(stdout: string, name: string, uri: string): DomainState {
  const mark = stdout.indexOf(`${XML_MARK}\n`);
  const info = mark < 0 ? stdout : stdout.slice(0, mark);
  const xml = mark < 0 ? null : stdout.slice(mark + XML_MARK.length + 1);
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

export interface ImageInfo {
  exists: boolean;
  format?: string | undefined;
  /** Virtual size in bytes. */
  virtualSize?: number | undefined;
}

/** The human form of `qemu-img info`: `--output=json` is missing on old qemu (CentOS 5's kvm-83). */
export const qemuImageInfo: Fact<{ path: string }, ImageInfo> = {
  name: 'qemu_img.info',
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
