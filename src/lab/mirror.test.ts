import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { findDebianMirror, parseDeb822Sources, parseSourcesList, pickDebianMirror } from './mirror.js';

const DEB822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
`;

describe('apt sources parsing', () => {
  it('reads deb822 paragraphs, skipping comments', () => {
    const entries = parseDeb822Sources(DEB822, 'debian.sources');
    expect(entries.map((e) => e.uri)).toEqual(['http://deb.debian.org/debian', 'http://deb.debian.org/debian-security']);
    expect(entries[0]?.suites).toEqual(['bookworm', 'bookworm-updates']);
  });

  it('skips disabled and source-only paragraphs', () => {
    const text = 'Types: deb-src\nURIs: http://a.example/debian\nSuites: sid\n\nTypes: deb\nEnabled: no\nURIs: http://b.example/debian\nSuites: sid\n';
    expect(parseDeb822Sources(text, 'x.sources')).toEqual([]);
  });

  it('reads one-line entries with options and ignores deb-src and comments', () => {
    const text = '# deb http://old/debian sid main\ndeb-src http://src/debian sid main\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.local/debian/ bookworm main\n';
    expect(parseSourcesList(text, 'sources.list')).toEqual([{ file: 'sources.list', uri: 'http://mirror.local/debian/', suites: ['bookworm'] }]);
  });

  it('picks the main archive, never the security one', () => {
    const entries = parseDeb822Sources(DEB822, 'debian.sources').reverse();
    expect(pickDebianMirror(entries)).toBe('http://deb.debian.org/debian');
  });

  it('prefers a /debian path over other repositories', () => {
    const entries = [
      { file: 'a', uri: 'https://packages.vendor.example/apt', suites: ['stable'] },
      { file: 'b', uri: 'http://ftp.local/debian/', suites: ['trixie'] },
    ];
    expect(pickDebianMirror(entries)).toBe('http://ftp.local/debian');
  });
});

describe('findDebianMirror', () => {
  it('reads sources.list.d/*.sources and ignores disabled files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-apt-'));
    await mkdir(join(dir, 'sources.list.d'));
    await writeFile(join(dir, 'sources.list.d', 'debian.sources'), DEB822);
    await writeFile(join(dir, 'sources.list.d', 'other.list.disabled'), 'deb http://zzz/debian sid main\n');
    expect(await findDebianMirror(dir)).toBe('http://deb.debian.org/debian');
  });

  it('fails with a hint when nothing is configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-apt-'));
    const err = await findDebianMirror(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlayError);
    expect((err as PlayError).hint).toMatch(/--mirror/);
  });
});
