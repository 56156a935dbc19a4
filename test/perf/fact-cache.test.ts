import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdSkipReason, type Sshd } from '../ssh/sshd-fixture.js';
import { sshdInventoryLine } from '../support/ssh-inventory.js';
import { Project, type RunOutput } from '../support/project.js';

/**
 * What the jsonfile fact cache saves on a no-op rerun over SSH: each host its own real sshd on
 * its own loopback address. By default 5 hosts and the counts only; PLAY_FACT_CACHE_HOSTS=50
 * measures what docs/performance.md reports (times printed, never asserted).
 */
const HOSTS = Number(process.env.PLAY_FACT_CACHE_HOSTS ?? 5);
const RUNS = Number(process.env.PLAY_FACT_CACHE_RUNS ?? 1);
const NOOP = `- hosts: all
  tasks:
    - file: { path: /tmp, state: directory }
`;

describe.skipIf(sshdSkipReason !== undefined)(`a no-op rerun of ${HOSTS} SSH hosts with and without the fact cache`, () => {
  let servers: Sshd[] = [];
  let project: Project;
  beforeAll(async () => {
    servers = await Promise.all(Array.from({ length: HOSTS }, (_, i) => startSshd({ address: `127.0.21.${i + 1}` })));
    const inventory = servers.map((s, i) => sshdInventoryLine(`h${String(i + 1).padStart(2, '0')}`, s)).join('\n');
    project = await Project.create({ 'hosts.ini': `${inventory}\n`, 'site.yml': NOOP, '.git/HEAD': '' });
  }, 300_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await project?.remove();
  });

  async function timed(): Promise<{ out: RunOutput; seconds: number }> {
    const started = process.hrtime.bigint();
    const out = await project.run({ forks: '50' });
    expect(out.code).toBe(0);
    return { out, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }

  const total = (out: RunOutput): number => Object.values(out.roundTrips).reduce((a, b) => a + b, 0);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

  it('saves one round trip per host (the gathering) and the time it takes', async () => {
    await project.write({ 'ansible.cfg': '' });
    const plain: { out: RunOutput; seconds: number }[] = [];
    for (let i = 0; i < RUNS; i++) plain.push(await timed());
    await project.write({ 'ansible.cfg': '[defaults]\ngathering = smart\nfact_caching = jsonfile\nfact_caching_connection = cache\n' });
    await timed(); // fills the cache
    const cached: { out: RunOutput; seconds: number }[] = [];
    for (let i = 0; i < RUNS; i++) cached.push(await timed());
    const a = plain[0]?.out as RunOutput;
    const b = cached[0]?.out as RunOutput;
    expect(a.results.filter((r) => r.task === 'Gathering Facts')).toHaveLength(HOSTS);
    expect(b.results.filter((r) => r.task === 'Gathering Facts')).toHaveLength(0);
    expect(total(a) - total(b)).toBe(HOSTS);
    process.stderr.write(
      `[fact-cache] ${HOSTS} hosts, ${RUNS} runs each: without cache ${median(plain.map((r) => r.seconds)).toFixed(2)} s, ${total(a)} round trips; ` +
        `with the jsonfile cache ${median(cached.map((r) => r.seconds)).toFixed(2)} s, ${total(b)} round trips\n`,
    );
  }, 600_000);
});
