import { describe, expect, it } from 'vitest';
import { backupName, diffText, sha1 } from './ensure-content.js';
import { validatorCommand } from './validate.js';

describe('ensure-content helpers', () => {
  it("names backups like Ansible: file.YYYY-MM-DD@HH:MM:SS~", () => {
    expect(backupName('/etc/hosts', new Date(2024, 4, 1, 13, 2, 11))).toBe('/etc/hosts.2024-05-01@13:02:11~');
  });

  it('shows text, and a placeholder for binary or huge content', () => {
    expect(diffText(Buffer.from('a\n'))).toBe('a\n');
    const bin = Buffer.from([0xff, 0xfe, 0x00]);
    expect(diffText(bin)).toBe(`[binary content: 3 bytes, sha1 ${sha1(bin)}]\n`);
    expect(diffText(Buffer.alloc(200_000, 'a'))).toContain('more than the diff limit');
  });

  it('turns validate into quoted words with the temp file in place of %s', () => {
    expect(validatorCommand('visudo -cf %s').render()).toBe(`visudo -cf "$t"`);
    expect(validatorCommand("sh -c 'x; y' %s 100%%").render()).toBe(`sh -c 'x; y' "$t" 100%`);
    expect(validatorCommand('check --in=%s.tmp').render()).toBe(`check --in="$t".tmp`);
    expect(() => validatorCommand('visudo -c')).toThrow('validate must contain %s');
  });
});
