import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPlaybooks } from './verify.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('verifyPlaybooks', () => {
  it("finds every role's tests/verify.yml in the order site.yml converges the roles", async () => {
    const books = await verifyPlaybooks([], { cwd: ROOT });
    expect(books.map((b) => b.role)).toEqual(['kvm-host', 'bridge', 'dahdi', 'asterisk-host', 'elastix-guest', 'trunk-mesh', 'spa303-phone']);
    for (const b of books) expect(path.relative(ROOT, b.file)).toBe(path.join('roles', b.role, 'tests', 'verify.yml'));
  });

  it('picks roles in site order whatever order they are asked in, and refuses unknown ones', async () => {
    expect((await verifyPlaybooks(['trunk-mesh', 'kvm-host'], { cwd: ROOT })).map((b) => b.role)).toEqual(['kvm-host', 'trunk-mesh']);
    await expect(verifyPlaybooks(['trunk_mesh'], { cwd: ROOT })).rejects.toThrow(/--role trunk_mesh: not a role of site\.yml/);
  });
});
