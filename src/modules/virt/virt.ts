/**
 * virt: libvirt domains with virsh (community.libvirt.virt's arguments). `define` compares the
 * wanted XML with `virsh dumpxml --inactive` field by field and redefines only when they differ.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { factKey } from '../../facts/types.js';
import { definitionFile, virtDomain, type DomainState } from '../../facts/virt.js';
import { abool, astr, matching } from '../schema.js';
import { defineModule, factRead, type Change } from '../types.js';
import { domainDifferences, summarizeDomain } from './domain-compare.js';

const args = z.strictObject({
  name: matching(/^[^\s/'"]+$/, 'domain names have no spaces, slashes or quotes').optional(),
  command: z.enum(['define', 'create', 'start', 'stop', 'shutdown', 'destroy', 'undefine', 'status', 'get_xml', 'pause', 'unpause']).optional(),
  state: z.enum(['running', 'shutdown', 'destroyed', 'paused']).optional(),
  autostart: abool().optional(),
  xml: astr().optional(),
  uri: astr().default('qemu:///system'),
  force: abool().default(false),
});

type Args = z.output<typeof args>;
type Verb = 'start' | 'shutdown' | 'destroy' | 'suspend' | 'resume' | 'undefine';

const COMMAND_STATE: Record<string, Args['state']> = { create: 'running', start: 'running', stop: 'shutdown', shutdown: 'shutdown', destroy: 'destroyed', pause: 'paused', unpause: 'running' };

/** The virsh verb that takes a domain from `state` to `want` (undefined: already there). */
function transition(state: string | null, want: NonNullable<Args['state']>): Verb | undefined {
  const running = state === 'running' || state === 'idle' || state === 'blocked' || state === 'in shutdown';
  const paused = state === 'paused' || state === 'pmsuspended';
  if (want === 'running') return running ? undefined : paused ? 'resume' : 'start';
  if (want === 'paused') return paused ? undefined : running ? 'suspend' : 'start';
  if (want === 'shutdown') return running || paused ? 'shutdown' : undefined;
  return running || paused ? 'destroy' : undefined;
}

const AFTER: Record<Verb, string> = { start: 'running', resume: 'running', suspend: 'paused', shutdown: 'shut off', destroy: 'shut off', undefine: '' };

export const virt = defineModule({
  name: 'virt',
  description: 'Define, start, stop, autostart and undefine libvirt domains with virsh',
  args,
  aliases: { name: ['guest'] },
  constraints: { mutuallyExclusive: [['command', 'state']], requiredOneOf: [['name', 'xml']] },
  remoteFacts: (a) => (a.name === undefined ? [] : [factRead(virtDomain, { name: a.name, uri: a.uri })]),
  async plan(a, ctx) {
    const name = a.name ?? (a.xml !== undefined ? summarizeDomain(a.xml).name : undefined);
    if (name === undefined) throw new ModuleError('the xml has no <name>: give name, or a <name> in the xml');
    const factArgs = { name, uri: a.uri };
    const key = factKey(virtDomain, factArgs);
    const dom = await ctx.fact(virtDomain, factArgs);
    const now: DomainState = { ...dom };
    const changes: Change[] = [];
    const result: Record<string, unknown> = { name };
    const virsh = (verb: string, ...more: string[]) => sh`virsh -c ${a.uri} ${verb} ${name} ${more}`;
    const push = (describe: string, change: Omit<Change, 'describe' | 'effects'>) => changes.push({ describe, ...change, effects: [{ kind: 'fact', key, value: { ...now } }] });

    if (a.command === 'define') {
      if (a.xml === undefined) throw new ModuleError('define requires xml argument', { name });
      const xmlName = summarizeDomain(a.xml).name;
      if (xmlName !== undefined && xmlName !== name) throw new ModuleError(`the xml defines ${xmlName}, not ${name}`, { name });
      const differences = dom.defined && dom.xml !== null ? domainDifferences(a.xml, dom.xml) : [];
      if (!dom.defined || differences.length > 0) {
        // libvirt only redefines a domain whose XML carries its uuid: keep the one it has
        const xml = dom.defined && dom.xml !== null ? withExistingUuid(a.xml, dom.xml) : a.xml;
        Object.assign(now, { defined: true, persistent: true, xml, state: dom.state ?? 'shut off' });
        // libvirt stores the definition (in its own layout); --render writes what it is given
        const stored = definitionFile(a.uri, name);
        push(dom.defined ? `virsh define ${name} (${differences.join('; ')})` : `virsh define ${name}`, {
          apply: { kind: 'exec', command: sh`t=$(mktemp) && cat > "$t" && virsh -c ${a.uri} define "$t"; rc=$?; rm -f "$t"; exit $rc`, stdin: xml },
          leaves: stored === undefined ? undefined : [{ path: stored, content: Buffer.from(xml, 'utf8'), mode: 0o600 }],
        });
        result[dom.defined ? 'modified' : 'created'] = dom.defined ? differences : name;
      }
    } else if (a.command === 'undefine') {
      if (dom.defined) {
        if (dom.state !== null && dom.state !== 'shut off' && a.force) {
          now.state = 'shut off';
          push(`virsh destroy ${name}`, { apply: { kind: 'exec', command: virsh('destroy') } });
        }
        Object.assign(now, { defined: false, state: null, autostart: false, persistent: false, xml: null });
        push(`virsh undefine ${name}`, { apply: { kind: 'exec', command: virsh('undefine') } });
      }
    } else if (a.command === 'status') {
      if (!dom.defined) throw new ModuleError(`domain ${name} not found`, { name });
      result['status'] = dom.state;
    } else if (a.command === 'get_xml') {
      if (!dom.defined) throw new ModuleError(`domain ${name} not found`, { name });
      result['get_xml'] = dom.xml;
    }

    const want = a.state ?? (a.command !== undefined ? COMMAND_STATE[a.command] : undefined);
    if (want !== undefined) {
      if (!now.defined) throw new ModuleError(`domain ${name} not found`, { name }, { hint: 'define it first: command: define with xml' });
      const verb = transition(now.state, want);
      if (verb !== undefined) {
        now.state = AFTER[verb];
        push(`virsh ${verb} ${name}`, { apply: { kind: 'exec', command: virsh(verb) } });
      }
    }
    if (a.autostart !== undefined && now.defined && a.autostart !== now.autostart) {
      now.autostart = a.autostart;
      push(`virsh autostart ${a.autostart ? '' : '--disable '}${name}`, { apply: { kind: 'exec', command: a.autostart ? virsh('autostart') : sh`virsh -c ${a.uri} autostart --disable ${name}` } });
    } else if (a.autostart !== undefined && !now.defined) {
      throw new ModuleError(`domain ${name} not found`, { name }, { hint: 'define it first: command: define with xml' });
    }
    if (now.defined && a.command !== 'get_xml') result['status'] ??= now.state;
    if (now.defined) result['autostart'] = now.autostart;
    return { changes, result };
  },
});

/** The wanted XML with the defined domain's <uuid> added when it names none. */
export function withExistingUuid(wanted: string, current: string): string {
  if (/<uuid>/.test(wanted)) return wanted;
  const uuid = /<uuid>([^<]+)<\/uuid>/.exec(current)?.[1];
  if (uuid === undefined) return wanted;
  return wanted.replace(/(<name>[^<]*<\/name>)/, `$1\n  <uuid>${uuid}</uuid>`);
}
