import { describe, expect, it } from 'vitest';
import { labDownHint, localLab, type LabFacts } from './lab-hint.js';

const lab = (up: boolean): LabFacts & { asked: number } => {
  const facts = {
    asked: 0,
    addresses: () => ['127.0.10.195', '127.0.10.156'],
    isUp: async () => {
      facts.asked++;
      return up;
    },
  };
  return facts;
};

describe('the hint for an unreachable lab host', () => {
  it('names play lab up when the host is the lab\'s and the lab is down', async () => {
    expect(await labDownHint(lab(false))('virtual1', '127.0.10.195')).toBe(
      "virtual1 (127.0.10.195) is a host of the local lab, and the lab is not running: start it with 'play lab up' (as root), then run again ('play lab status' shows the hosts)",
    );
  });

  it('says nothing when the lab is up (the host is down for another reason) or the host is not the lab\'s', async () => {
    expect(await labDownHint(lab(true))('virtual1', '127.0.10.195')).toBeUndefined();
    const down = lab(false);
    expect(await labDownHint(down)('pbx', '127.0.0.1')).toBeUndefined();
    expect(down.asked).toBe(0);
  });

  it('says nothing when the lab inventory cannot be read', async () => {
    const broken: LabFacts = { addresses: () => Promise.reject(new Error('no inventory/lab.yml')), isUp: async () => false };
    expect(await labDownHint(broken)('virtual1', '127.0.10.195')).toBeUndefined();
  });

  it('knows the lab addresses from inventory/lab.yml (read only: no lab host is contacted)', async () => {
    expect(await localLab.addresses()).toEqual(expect.arrayContaining(['127.0.10.195', '127.0.10.156', '127.0.10.158']));
  });
});
