import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerLabCommand } from '../../src/lab/cli.js';
import { labPaths } from '../../src/lab/index.js';
import { Spa303Device } from '../../src/spa303/device.js';
import { spa303StatePath } from '../../src/spa303/service.js';

/**
 * `play lab reset` brings the phone back to its factory state, as it brings the hosts back to
 * the base: the emulator's saved configuration is discarded. The lab root is a temporary one
 * (XDG_CACHE_HOME), and nothing runs in it, so no root and no lab are needed.
 */
describe('play lab reset and the phone', () => {
  let cache: string;
  const saved = process.env.XDG_CACHE_HOME;
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), 'play-lab-reset-'));
    process.env.XDG_CACHE_HOME = cache;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    await rm(cache, { recursive: true, force: true });
  });

  async function reset(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerLabCommand(program);
    await program.parseAsync(['node', 'play', 'lab', 'reset', '-q', ...args]);
  }

  /** A phone configured as the phone role would, saved where the lab's emulator keeps it. */
  async function configuredPhone(): Promise<string> {
    const state = spa303StatePath(labPaths());
    const phone = await Spa303Device.open({ statePath: state, rebootMs: 0 });
    await phone.apply([{ name: 'Station_Name', group: 'System', value: 'configured' }]);
    await phone.flush();
    return state;
  }

  const stationName = async (state: string): Promise<string | undefined> =>
    (await Spa303Device.open({ statePath: state, rebootMs: 0 })).snapshot().Station_Name;

  it('discards the phone state when the whole lab is reset, so the phone starts from the factory', async () => {
    const state = await configuredPhone();
    expect(await stationName(state)).toBe('configured');
    await reset();
    expect(existsSync(state)).toBe(false);
    expect(await stationName(state)).toBe('');
  });

  it('resets the phone alone by its name, and leaves it alone when only hosts are named', async () => {
    const state = await configuredPhone();
    await reset('virtual1');
    expect(await stationName(state)).toBe('configured');
    await reset('spa303');
    expect(existsSync(state)).toBe(false);
  });

  it('still refuses names that are neither a host nor the phone', async () => {
    await expect(reset('nosuchhost')).rejects.toThrow(/not a lab host: nosuchhost/);
  });
});
