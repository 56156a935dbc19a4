import { describe, expect, it } from 'vitest';
import { parseAptPolicy, parseCheckUpdate, parseDpkgQuery, parseRpmQuery, parseYumGroupList } from './packages.js';

describe('package facts (recorded outputs)', () => {
  it('dpkg-query: installed, unknown, config-files only, multi-arch', () => {
    const out = 'asterisk\tinstall ok installed\t1:22.10.1+dfsg+~cs6.17.60671434-1\nhello\tdeinstall ok config-files\t2.12.3-1\nlibc6\tinstall ok installed\t2.43-7\nlibc6\tunknown ok not-installed\t\n';
    expect(parseDpkgQuery(out, ['asterisk', 'hello', 'libc6', 'nosuch'])).toEqual({
      asterisk: { installed: true, version: '1:22.10.1+dfsg+~cs6.17.60671434-1' },
      hello: { installed: false, version: null },
      libc6: { installed: true, version: '2.43-7' },
      nosuch: { installed: false, version: null },
    });
  });

  it('apt-cache policy candidates', () => {
    const out = 'hello:\n  Installed: (none)\n  Candidate: 2.12.3-1\n  Version table:\n     2.12.3-1 500\n        500 http://deb.debian.org/debian sid/main amd64 Packages\ngone:\n  Installed: (none)\n  Candidate: (none)\n';
    expect(parseAptPolicy(out, ['hello', 'gone', 'other'])).toEqual({ hello: '2.12.3-1', gone: null, other: null });
  });

  it('rpm -q with --qf and "is not installed" lines', () => {
    expect(parseRpmQuery('httpd\t2.2.3-43.el5.centos.x86_64\npackage kvm is not installed\n', ['httpd', 'kvm'])).toEqual({
      httpd: { installed: true, version: '2.2.3-43.el5.centos.x86_64' },
      kvm: { installed: false, version: null },
    });
  });

  it('yum grouplist (CentOS 5 and newer layouts)', () => {
    expect(parseYumGroupList('Loaded plugins: fastestmirror\nSetting up Group Process\nInstalled Groups:\n   Base\n   Editors\nAvailable Groups:\n   KVM\nDone\n')).toEqual(['Base', 'Editors']);
    expect(parseYumGroupList('Available Environment Groups:\n   Server\nInstalled Environment Groups:\n   Minimal Install\nInstalled Groups:\n   Development Tools (development)\nAvailable Groups:\n   Virtualization Host\n')).toEqual(['Minimal Install', 'Development Tools']);
  });

  it('yum check-update lists only asked packages', () => {
    expect(parseCheckUpdate('\nhttpd.x86_64    2.2.3-91.el5.centos    updates\nkernel.x86_64  2.6.18-419.el5   updates\nrc=100\n', ['httpd'])).toEqual(['httpd']);
  });
});
