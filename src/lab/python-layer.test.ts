import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { labPaths, labPathsSharingBase } from './hosts.js';
import { initScript } from './init-script.js';
import { librariesToCopy, PYTHON_PREFIX, wrapperScript } from './python-layer.js';

const LDD = `	linux-vdso.so.1 (0x00007ffd)
	libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007fed05e1c000)
	libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007fed05dfd000)
	libexpat.so.1 => /lib/x86_64-linux-gnu/libexpat.so.1 (0x00007fed05dd2000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fed05bf0000)
	/lib64/ld-linux-x86-64.so.2 (0x00007fed05f0f000)
`;

describe('the lab Python layer', () => {
  it('ships the libraries the interpreter links, except the C library', () => {
    expect(librariesToCopy(LDD)).toEqual(['/lib/x86_64-linux-gnu/libz.so.1', '/lib/x86_64-linux-gnu/libexpat.so.1']);
    expect(librariesToCopy('\tstatically linked\n')).toEqual([]);
  });

  it('puts a /usr/bin/python3 wrapper over the shipped interpreter', () => {
    const script = wrapperScript('3.11');
    expect(spawnSync('/bin/sh', ['-n', '-c', script]).status).toBe(0);
    expect(script).toContain(`exec ${PYTHON_PREFIX}/bin/python3.11 "$@"`);
    expect(script).toContain(`PYTHONHOME=${PYTHON_PREFIX} `);
  });

  it('is a layer between the base and the host: topmost first in lowerdir', () => {
    const script = initScript({
      name: 'bench-01',
      address: '127.0.11.1',
      kvm: false,
      base: '/c/lab/base',
      layers: ['/c/bench/python'],
      upper: '/c/bench/hosts/bench-01/upper',
      bootId: '/c/bench/hosts/bench-01/boot_id',
      work: '/c/bench/hosts/bench-01/work',
      merged: '/c/bench/hosts/bench-01/merged',
      authorizedKey: 'ssh-ed25519 AAAA bench',
    });
    expect(script).toContain('lowerdir=/c/bench/python:/c/lab/base,upperdir=');
  });

  it('a second lab shares only the base (and its stamp) with the default one', () => {
    const env = { HOME: '/home/u' };
    const main = labPaths(env);
    const bench = labPathsSharingBase('bench-lab', env);
    expect(bench.base).toBe(main.base);
    expect(bench.baseStamp).toBe(main.baseStamp);
    expect(bench.root).toBe('/home/u/.cache/play/bench-lab');
    for (const k of ['hosts', 'state', 'python', 'privateKey', 'knownHosts'] as const) {
      expect(bench[k].startsWith(`${bench.root}/`)).toBe(true);
      expect(bench[k]).not.toBe(main[k]);
    }
  });
});
