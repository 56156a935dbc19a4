import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { LocalConnection } from '../connection/local.js';
import { gatherFacts } from './system.js';

describe('gather facts (run on this machine)', () => {
  it('reports what the machine says about itself', async () => {
    const facts = gatherFacts.parse(await new LocalConnection().exec(gatherFacts.command({})), {});
    expect(facts).toMatchObject({
      kernel: os.release(),
      system: 'Linux',
      architecture: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(),
      nodename: os.hostname(),
      processor_vcpus: os.cpus().length,
      memtotal_mb: Math.floor(os.totalmem() / 2 ** 20),
      user_uid: process.getuid?.(),
      user_id: os.userInfo().username,
    });
    expect(Math.abs(Number(facts.date_time && (facts.date_time as { epoch: string }).epoch) - Date.now() / 1000)).toBeLessThan(60);
  });
});
