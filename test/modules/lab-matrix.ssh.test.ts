/**
 * Every module in a playbook on a lab host over SSH, through the CLI's run command and the
 * JSON reporter, three times: --check --diff, then --diff for real, then again. The check run
 * must predict the first run exactly (status, changed flag and diff of each task) and touch
 * nothing, the first run must do what the scenario says, the second must change nothing.
 * Scenarios: lab-matrix-scenarios.ts.
 *   PLAY_LAB=1 npx vitest run test/modules/lab-matrix.ssh.test.ts
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPaths } from '../../src/lab/index.js';
import { getModule } from '../../src/modules/registry.js';
import { formatDiff } from '../../src/reporter/diff.js';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project, type JsonResult, type RunOutput } from '../support/project.js';
import { LAB_ADDRESS, scenarios, type LabHost, type Scenario } from './lab-matrix-scenarios.js';

const paths = labPaths();
const INVENTORY = (Object.entries(LAB_ADDRESS) as [LabHost, string][])
  .map(([name, address]) => `${name} ansible_host=${address} ansible_user=root ansible_ssh_private_key_file=${paths.privateKey} play_known_hosts_file=${paths.knownHosts}`)
  .join('\n');

async function onHost(host: LabHost, command: string): Promise<string> {
  const r = await sshRun(LAB_ADDRESS[host], command, 60_000);
  if (r.rc !== 0) throw new Error(`${host}: ${command}: rc ${r.rc}: ${r.stderr}`);
  return r.stdout;
}

async function cleanup(s: Scenario): Promise<void> {
  await onHost(s.host, `${s.cleanup ?? 'true'}; rm -rf ${s.root}`);
}

/** What the check run must leave as it was: the scenario's directory and what verify looks at. */
async function snapshot(s: Scenario): Promise<string> {
  const verify = s.verify ? `(${s.verify.command}) 2>&1; echo "rc=$?"` : 'true';
  // -A, not -a: the root's `..` is the shared /tmp, whose time any other process may change
  return onHost(s.host, `stat -c '%Y' ${s.root}; ls -lRA --time-style=+%s ${s.root} 2>&1; find ${s.root} -type f -exec sha1sum {} + 2>/dev/null | sort; ${verify}`);
}

const underTest = (out: RunOutput): JsonResult[] => out.results.filter((r) => r.task === 'under test' || r.task.startsWith('under test:'));

/** Per task: what the check run has to predict. */
const outcome = (r: JsonResult) => ({ task: r.task, status: r.status, changed: r.changed, diff: r.diff ?? [] });

const unifiedDiff = (results: JsonResult[]): string => results.flatMap((r) => r.diff ?? []).map((d) => formatDiff(d)).join('');

function messages(out: RunOutput, names: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((n) => [n, out.results.find((r) => r.task === n)?.msg ?? '(no such task)']));
}

function playbook(s: Scenario, http: string): string {
  return `- hosts: ${s.host}\n  gather_facts: false\n  vars:\n    matrix_http: ${http}\n  tasks:${s.tasks}\n`;
}

describe.runIf(labTestsEnabled)('every module on a lab host: check predicts, first run changes, second run is ok', () => {
  let server: Server;
  let http = '';
  beforeAll(async () => {
    // uri's scenario talks to this controller-local server only
    server = createServer((req, res) => {
      res.writeHead(req.url === '/status' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(req.url === '/status' ? 'up' : 'no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    http = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  for (const s of scenarios) {
    it(`${s.module}${s.variant ? ` (${s.variant})` : ''} on ${s.host}`, async () => {
      const mod = getModule(s.module);
      expect(mod, `${s.module} is registered`).toBeDefined();
      const project = await Project.create({ 'hosts.ini': `${INVENTORY}\n`, 'site.yml': playbook(s, http), ...s.files });
      try {
        await cleanup(s);
        if (s.setup) await onHost(s.host, s.setup);
        const before = await snapshot(s);
        const check = await project.run({ check: true, diff: true });
        const untouched = await snapshot(s);
        const localAfterCheck = s.verifyLocal ? await readFile(project.path(s.verifyLocal.path), 'utf8').catch(() => 'missing') : 'missing';
        const first = await project.run({ diff: true });
        const firstState = s.verify ? await onHost(s.host, s.verify.command) : '';
        const second = await project.run({ diff: true });
        const runs = { check, first, second };

        for (const [name, out] of Object.entries(runs)) {
          expect(out.code, `${name} run: ${out.stderr}${out.stdout}`).toBe(0);
          expect(underTest(out).length, `${name} run has tasks under test`).toBeGreaterThan(0);
          for (const r of out.results) {
            const special = underTest(out).includes(r) ? (out === second ? (s.secondRunStatus ?? s.status) : s.status) : undefined;
            expect(r.status, `${name} run, ${r.task}: ${r.msg}`).toBe(special ?? (r.changed ? 'changed' : 'ok'));
          }
        }
        expect(untouched, 'the check run changed nothing').toBe(before);
        expect(localAfterCheck, 'the check run wrote nothing on the controller').toBe('missing');
        expect(underTest(check).map(outcome), 'the check run predicts the first').toEqual(underTest(first).map(outcome));

        if (s.behaviour === 'converges') {
          for (const r of underTest(first)) expect(r.changed, `first run changes: ${r.task}`).toBe(true);
          expect(second.results.filter((r) => r.changed).map((r) => r.task), 'second run changes nothing').toEqual([]);
          expect(second.recap[s.host]).toMatchObject({ changed: 0, failed: 0 });
        } else if (s.behaviour === 'read-only') {
          for (const out of [check, first, second]) expect(out.results.filter((r) => r.changed).map((r) => r.task)).toEqual([]);
          expect(underTest(second).map(outcome)).toEqual(underTest(first).map(outcome));
        } else {
          for (const out of [check, first, second]) for (const r of underTest(out)) expect(r.changed, r.task).toBe(true);
        }

        if (mod?.diff !== undefined) {
          expect(unifiedDiff(underTest(first)), `--diff of ${s.module} (${mod.diff})`).toBe(s.diff);
          expect(unifiedDiff(underTest(second)), 'nothing to show on the second run').toBe('');
        } else {
          for (const out of [check, first, second]) expect(underTest(out).map((r) => r.diff ?? []), `${s.module} documents no diff`).toEqual(underTest(out).map(() => []));
        }

        if (s.messages) {
          const names = Object.keys(s.messages);
          for (const out of [check, first, second]) expect(messages(out, names)).toEqual(s.messages);
        }
        if (s.verify) expect(firstState, s.verify.command).toBe(s.verify.stdout);
        if (s.verifyLocal) expect(await readFile(project.path(s.verifyLocal.path), 'utf8')).toBe(s.verifyLocal.content);
      } finally {
        await cleanup(s);
        await project.remove();
      }
    }, 180_000);
  }
});
