/**
 * The fact cache's measured saving, kept in docs/performance.md when the benchmark rewrites it.
 * Measured by test/perf/fact-cache.test.ts (PLAY_FACT_CACHE_HOSTS=50 PLAY_FACT_CACHE_RUNS=5),
 * not by the benchmark's lab: update the numbers here when remeasuring.
 */
export const FACT_CACHE_SECTION = `## Fact caching

\`gathering = smart\` with \`fact_caching = jsonfile\` (docs/configuration.md) skips the facts round
trip of every host whose cached facts have not expired. Measured with
\`PLAY_FACT_CACHE_HOSTS=50 PLAY_FACT_CACHE_RUNS=5 npx vitest run test/perf/fact-cache.test.ts\`:
a no-op rerun (one converged \`file\` task) of 50 hosts, each its own OpenSSH sshd on its own
127.0.21.x address on the controller's machine, forks 50, medians of 5 runs, 2026-12-07 on the
2-core machine of the Machine section while it was shared (load 5.7 before, 22 after):

| | wall | round trips |
|---|---|---|
| without a cache (facts gathered) | 17.97 s | 100 (2 per host) |
| jsonfile cache, warm | 15.88 s | 50 (1 per host) |
| saved | 2.09 s (12 %) | 50: the facts of every host |

The gathering script itself takes about 38 ms on a host (7.5 KB of output); under load most of
the saving is the second command each host's busy sshd no longer has to serve. On a quiet
machine, the facts are 596 ms of scenario 4's 2.0 s (table above): the part the cache removes.

The VoIP lab's \`site.yml\` (5 hosts: kvmhost, three guests, the phone; three of its four plays
gather facts, 5 host gatherings in all), a no-op rerun after converging (changed=0 in every run),
5 runs of each alternated, medians, 2026-12-07 on the same machine under load from other work
(load average 8–9):

| gathering | wall | facts gathered |
|---|---|---|
| \`implicit\` (the default) | 7.79 s | 5 (kvmhost twice, each guest once) |
| \`smart\`, no cache | 7.17 s | 4 (the second play on kvmhost reuses the first's) |
| \`smart\` + \`jsonfile\`, warm | 6.50 s | 0 |
| saved by the cache | 1.29 s (17 %) | 5 |

The spread under that load was about ±1 s, so only the warm cache's saving stands clear of it.
`;
