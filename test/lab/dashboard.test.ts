/**
 * The dashboard on the shared lab, in a real browser (Debian's chromium through playwright-core):
 * `play lab break virtual2 --what sip` → "Scan drift" shows virtual2 × elastix-guest drifted with
 * pjsip.conf's diff → "Repair" runs and streams → the cell turns converged → "Verify" passes.
 * Screenshots of each step go to test-artifacts/lab-dashboard/. Drives the lab the way
 * break-repair.test.ts does (the same CLI calls, the same budgets).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Damage } from '../../src/lab/damage.js';
import { startServe, type Served } from '../serve/serve-process.js';
import { labTestsEnabled } from './lab-support.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'play.js');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'lab-dashboard');
const RUN_BUDGET = 280_000;

function play(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(labTestsEnabled)('the dashboard on the lab: a broken SIP configuration, seen, repaired, verified', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let damaged: Damage | undefined;

  beforeAll(async () => {
    // a working lab to break, as break-repair.test.ts starts from
    const r = play('run', 'site.yml');
    expect(r.code, r.stdout.slice(-2000) + r.stderr).toBe(0);
    const v = play('verify');
    expect(v.code, v.stdout.slice(-3000) + v.stderr).toBe(0);
    // its own history, so the token is created (and printed) for this test
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'play-lab-dashboard-')), 'history.sqlite');
    served = await startServe(ROOT, ['--db', db]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(120_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    // a failed step must not leave its damage to the next suite
    if (damaged) play('run', 'site.yml', '--limit', damaged.limit);
  }, 300_000);

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const cell = (host: string, role: string) => page.getByTestId(`cell-${host}-${role}`);

  async function runEnds(): Promise<string> {
    await page.waitForURL(/#\/run\/\d+/);
    const status = page.getByTestId('run-status');
    await status.and(page.locator('[data-final]')).waitFor({ timeout: RUN_BUDGET });
    return (await status.textContent()) ?? '';
  }

  it('virtual2 --what sip: scan shows the cell drifted with pjsip.conf’s diff; repair converges it; verify passes', async () => {
    const broke = play('lab', 'break', 'virtual2', '--what', 'sip', '--seed', '1', '--json');
    expect(broke.code, broke.stderr).toBe(0);
    const d = JSON.parse(broke.stdout) as Damage;
    damaged = d;
    expect([d.on, d.role]).toEqual(['virtual2', 'elastix-guest']);
    expect(d.file).toMatch(/pjsip\.conf$/);

    await page.goto(`${served.url}#token=${served.token ?? ''}`);
    await cell(d.on, d.role).waitFor();
    await shot('1-fleet');

    await page.getByTestId('scan').click();
    expect(await runEnds()).not.toBe('interrupted');
    await shot('2-scan-run');
    await page.goto(`${served.url}#/fleet`);
    await expect.poll(() => cell(d.on, d.role).getAttribute('data-state'), { timeout: 30_000 }).toBe('drifted');
    await shot('3-fleet-drifted');

    await page.goto(`${served.url}#/host/${d.on}`);
    const diff = page.getByTestId(`role-${d.role}`).getByTestId('diff').first();
    await diff.waitFor();
    expect(await diff.textContent()).toContain(`--- before: ${d.file ?? ''}`);
    await shot('4-host-diff');

    await page.getByTestId(`repair-${d.on}-${d.role}`).click();
    // the Run page streams the repair's events as they happen
    await expect.poll(() => page.getByTestId('events').locator('div').count(), { timeout: RUN_BUDGET }).toBeGreaterThan(0);
    expect(await runEnds()).toBe('ok');
    await shot('5-repair-run');
    await page.goto(`${served.url}#/fleet`);
    await expect.poll(() => cell(d.on, d.role).getAttribute('data-state'), { timeout: 30_000 }).toBe('converged');
    damaged = undefined;
    await shot('6-fleet-repaired');

    await page.goto(`${served.url}#/host/${d.on}`);
    await page.getByTestId('verify-host').click();
    expect(await runEnds()).toBe('ok');
    await page.goto(`${served.url}#/host/${d.on}`);
    await expect.poll(() => page.getByTestId('verify-status').textContent(), { timeout: 60_000 }).toMatch(/: ok,/);
    await shot('7-host-verified');
  }, 900_000);

  it('a scan with warm connections: the timings of the first (cold) and a later (warm) scan of the lab', async () => {
    const warm = await served.post('/api/scan', {}, { 'x-play-token': served.token ?? '' });
    const runId = (warm.json.job as { runId: number | null }).runId;
    expect(runId).not.toBeNull();
    let run: { kind: string; status: string; startedAt: number; endedAt: number | null } | undefined;
    while (!run || run.status === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      run = (await served.get<{ run: typeof run }>(`/api/runs/${runId}`)).run;
    }
    expect(run.status).not.toBe('interrupted');
    const scans = (await served.get<{ kind: string; startedAt: number; endedAt: number | null }[]>('/api/runs')).filter((r) => r.kind === 'scan').reverse();
    const seconds = scans.map((r) => (((r.endedAt ?? r.startedAt) - r.startedAt) / 1000).toFixed(2));
    // the first scan opened the connections; the last borrowed them (docs/dashboard.md quotes these)
    process.stderr.write(`\n[dashboard] lab drift scans: cold ${seconds[0]} s, warm ${seconds.at(-1)} s\n`);
  }, 300_000);
});
