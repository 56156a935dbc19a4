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
A run of the VoIP lab's \`site.yml\` was not measured (its lab is shared): it gathers once per
play, so \`smart\` saves its facts round trips after the first play even without a cache.
`;
