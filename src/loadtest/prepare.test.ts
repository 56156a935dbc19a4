import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, loadBase, ROOT } from './prepare.js';

function play(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'play.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('loadtest.yml and its target', () => {
  it('passes --syntax-check', () => {
    const r = play('run', 'loadtest.yml', '--syntax-check');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs the elastix-guest role first, then the endpoint and its context', () => {
    const r = play('run', 'loadtest.yml', '-i', 'inventory/lab.yml', '--limit', 'virtual1', '--list-tasks');
    expect(r.code).toBe(0);
    const at = (name: string) => r.stdout.indexOf(name);
    expect(at('Write the Asterisk configuration')).toBeGreaterThan(-1);
    expect(at('Load-test endpoint, identified by the load generator')).toBeGreaterThan(at('Write the Asterisk configuration'));
    expect(at('Load-test context, answering the test extension')).toBeGreaterThan(at('Load-test endpoint'));
  });

  it("calls virtual1's address from the inventory, from the load generator's own address", async () => {
    expect(await loadBase(DEFAULT_TARGET)).toEqual({ target: '127.0.10.195', port: 5060, source: '127.0.10.240', sourcePort: 5060, extension: '8000' });
    await expect(loadBase({ ...DEFAULT_TARGET, host: 'spa404' })).rejects.toThrow(/spa404/);
  });
});
