import { describe, expect, it } from 'vitest';
import { parseJumpHops, parseProxyJump, splitShellWords } from './ssh-proxy-jump.js';

describe('parseProxyJump', () => {
  it.each([
    ['-o ProxyJump=admin@bastion:2222', 'admin@bastion:2222'],
    ['-o "ProxyJump admin@bastion"', 'admin@bastion'],
    ['-oProxyJump=bastion', 'bastion'],
    ['-o "ProxyJump=admin@bastion:2200"', 'admin@bastion:2200'],
    ['-o StrictHostKeyChecking=no -o proxyjump=a@b:1,c@d', 'a@b:1,c@d'],
    ['-J admin@bastion:2222', 'admin@bastion:2222'],
    ['-Jadmin@bastion', 'admin@bastion'],
    [`-o ProxyCommand="ssh -W %h:%p -q admin@bastion"`, 'admin@bastion'],
    [`-o 'ProxyCommand=ssh -i ~/.ssh/k -p 2200 -l admin -W %h:%p bastion'`, 'admin@bastion:2200'],
  ])('%s → %s', (args, expected) => {
    expect(parseProxyJump(args)).toBe(expected);
  });

  it.each([
    [''],
    ['-o StrictHostKeyChecking=no'],
    ['-o ProxyJump=none'],
    ['-o ProxyCommand="nc -X 5 -x proxy:1080 %h %p"'],
  ])('finds no jump host in %j', (args) => {
    expect(parseProxyJump(args)).toBeUndefined();
  });
});

describe('parseJumpHops', () => {
  it('parses user, host and port with defaults', () => {
    expect(parseJumpHops('admin@bastion:2222')).toEqual([{ user: 'admin', host: 'bastion', port: 2222 }]);
    expect(parseJumpHops('bastion')).toEqual([{ user: undefined, host: 'bastion', port: 22 }]);
    expect(parseJumpHops('ssh://u@h:2')).toEqual([{ user: 'u', host: 'h', port: 2 }]);
  });

  it('handles IPv6 and chains', () => {
    expect(parseJumpHops('u@[::1]:2222,::1')).toEqual([
      { user: 'u', host: '::1', port: 2222 },
      { user: undefined, host: '::1', port: 22 },
    ]);
  });

  it('rejects a bad port', () => {
    expect(() => parseJumpHops('h:99999')).toThrow(/invalid jump host/);
    expect(() => parseJumpHops('h:abc')).toThrow(/invalid jump host/);
  });
});

describe('splitShellWords', () => {
  it('honours quotes and escapes', () => {
    expect(splitShellWords(`a 'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
  });
});
