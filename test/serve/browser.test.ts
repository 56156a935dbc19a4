/**
 * The dashboard in a real browser (Debian's chromium through playwright-core; no browser
 * download), on a project of two local-connection hosts in a temp dir: break a file, scan, see
 * the cell drifted with the diff, click repair, see it converged, verify. Each step leaves a
 * screenshot in test-artifacts/serve/ (docs/dashboard.md shows one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureProject, type FixtureProject } from './fixture-project.js';
import { CLI, startServe, type Served } from './serve-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'serve');
/** Generous: the machine may be busy; a poll ends as soon as the page shows it. */
const POLL = { timeout: 60_000 };

describe.runIf(existsSync(CHROMIUM))('the dashboard in a browser: drift, diff, repair, verify', () => {
  let project: FixtureProject;
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    project = makeFixtureProject();
    const converge = spawnSync(process.execPath, [CLI, 'run', 'site.yml'], { cwd: project.dir, encoding: 'utf8' });
    expect(converge.status, converge.stderr).toBe(0);
    served = await startServe(project.dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    page.setDefaultTimeout(60_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Waits for the Run page's stream to end; returns the run's final status. */
  async function runEnds(): Promise<string> {
    await page.waitForURL(/#\/run\/\d+/);
    const status = page.getByTestId('run-status');
    await status.and(page.locator('[data-final]')).waitFor({ timeout: 60_000 });
    return (await status.textContent()) ?? '';
  }

  const cell = (host: string, role: string) => page.getByTestId(`cell-${host}-${role}`);

  it('shows the converged fleet, then a broken file as a drifted cell with its diff', async () => {
    await page.goto(`${served.url}#token=${served.token ?? ''}`);
    await expect.poll(() => cell('web2', 'app').getAttribute('data-state'), POLL).toBe('converged');
    await shot('1-fleet-converged');

    writeFileSync(project.file('web2', 'app'), '# app for web2\nlisten = 9090\nworkers = 4\n');
    await page.getByTestId('scan').click();
    expect(await runEnds()).toBe('ok');
    await expect.poll(() => page.getByTestId('events').textContent(), POLL).toMatch(/web2 \| changed \| app : app configuration/);
    await shot('2-scan-run');

    await page.goto(`${served.url}#/fleet`);
    await expect.poll(() => cell('web2', 'app').getAttribute('data-state'), POLL).toBe('drifted');
    expect(await cell('web2', 'app').textContent()).toMatch(/drifted \(1 change\)/);
    expect(await cell('web1', 'app').getAttribute('data-state')).toBe('converged');
    await shot('3-fleet-drifted');

    await page.getByRole('link', { name: 'web2' }).click();
    const diff = page.getByTestId('role-app').getByTestId('diff');
    await diff.waitFor();
    const text = (await diff.textContent()) ?? '';
    expect(text).toContain(`--- before: ${project.file('web2', 'app')}`);
    expect(text).toMatch(/^-listen = 9090$/m);
    expect(text).toMatch(/^\+listen = 8080$/m);
    await shot('4-host-diff');
  }, 120_000);

  it('repairs the cell with one click, streams the run, and the cell turns converged; verify passes', async () => {
    await page.getByTestId('repair-web2-app').click();
    expect(await runEnds()).toBe('ok');
    expect(await page.getByTestId('recap').textContent()).toMatch(/web2/);
    await shot('5-repair-run');

    await page.goto(`${served.url}#/fleet`);
    await expect.poll(() => cell('web2', 'app').getAttribute('data-state'), POLL).toBe('converged');
    await shot('6-fleet-repaired');

    await page.goto(`${served.url}#/host/web2`);
    await page.getByTestId('verify-host').click();
    expect(await runEnds()).toBe('ok');
    await page.goto(`${served.url}#/host/web2`);
    await expect.poll(() => page.getByTestId('verify-status').textContent(), POLL).toMatch(/: ok,/);
    await shot('7-host-verified');

    await page.goto(`${served.url}#/history`);
    await page.getByTestId('chart-drift').locator('canvas').waitFor();
    expect(await page.getByTestId('history').locator('tr').count()).toBeGreaterThanOrEqual(4);
    await shot('8-history');
  }, 120_000);
});
