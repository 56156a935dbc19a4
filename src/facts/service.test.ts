import { describe, expect, it } from 'vitest';
import { octalEscape, parseServiceStatus, serviceStatus } from './service.js';

describe('service.status fact', () => {
  it('SysV with no init running, recorded on Debian sid: stopped, enabled by rc links', () => {
    const out = 'backend=sysv\nscript=/etc/init.d/asterisk\nstatus_rc=3\npidof=\nlink=/etc/rc2.d/S01asterisk\nlink=/etc/rc3.d/S01asterisk\n';
    expect(parseServiceStatus(out)).toEqual({ backend: 'sysv', exists: true, running: false, enabled: true, script: '/etc/init.d/asterisk' });
  });

  it('an unusual status code defers to pidof', () => {
    expect(parseServiceStatus('backend=sysv\nscript=/etc/init.d/x\nstatus_rc=1\npidof=42\n').running).toBe(true);
    expect(parseServiceStatus('backend=sysv\nscript=/etc/init.d/x\nstatus_rc=4\npidof=\n').running).toBe(false);
    expect(parseServiceStatus('backend=sysv\nscript=/etc/init.d/x\nstatus_rc=0\npidof=\n').running).toBe(true);
  });

  it('a pattern decides over the status code', () => {
    const out = 'backend=sysv\nscript=/etc/init.d/ssh\nstatus_rc=3\nps:sshd: /usr/sbin/sshd -o ListenAddress=127.0.10.158:22 [listener]\npattern=sshd.*127\\.0\\.10\\.158\n';
    expect(parseServiceStatus(out).running).toBe(true);
  });

  it('chkconfig (CentOS 5) decides enabled over links', () => {
    expect(parseServiceStatus('backend=sysv\nscript=/etc/init.d/httpd\nstatus_rc=3\nchkconfig=httpd \t0:off\t1:off\t2:off\t3:on\t4:on\t5:on\t6:off\nlink=/etc/rc3.d/S85httpd\n').enabled).toBe(true);
    expect(parseServiceStatus('backend=sysv\nscript=/etc/init.d/httpd\nstatus_rc=3\nchkconfig=httpd \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off\n').enabled).toBe(false);
  });

  it('systemd properties', () => {
    expect(parseServiceStatus('backend=systemd\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n')).toMatchObject({ exists: true, running: true, enabled: true });
    expect(parseServiceStatus('backend=systemd\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n')).toMatchObject({ exists: false, running: false });
  });

  it('never puts the pattern itself on the probe command line', () => {
    const text = serviceStatus.command({ name: 'asterisk', pattern: 'asterisk -f' }).render();
    expect(text).not.toContain('asterisk -f');
    expect(octalEscape('a%')).toBe('\\141\\045');
  });
});
