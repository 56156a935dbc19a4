/**
 * Every module play provides, listed once. The registry, the executor's lookup, the loader's
 * checks, docs/modules.md and the lab matrix's coverage all derive from this list: a module
 * missing here cannot be used or documented.
 */
import { asteriskCommand } from './asterisk/asterisk-command.js';
import { asteriskReload } from './asterisk/asterisk-reload.js';
import { asyncStatus } from './commands/async-status.js';
import { command } from './commands/command.js';
import { raw } from './commands/raw.js';
import { script } from './commands/script.js';
import { shell } from './commands/shell.js';
import { assertModule } from './controller/assert.js';
import { validateArgumentSpecModule } from './controller/validate-argument-spec.js';
import { debug } from './controller/debug.js';
import { fail } from './controller/fail.js';
import { pause } from './controller/pause.js';
import { setFact } from './controller/set-fact.js';
import { assemble } from './files/assemble.js';
import { authorizedKey } from './files/authorized-key.js';
import { blockinfile } from './files/blockinfile.js';
import { copy } from './files/copy.js';
import { fetch } from './files/fetch.js';
import { find } from './files/find.js';
import { file } from './files/file.js';
import { iniFile } from './files/ini-file.js';
import { knownHosts } from './files/known-hosts.js';
import { lineinfile } from './files/lineinfile.js';
import { replace } from './files/replace.js';
import { slurp } from './files/slurp.js';
import { stat } from './files/stat.js';
import { template } from './files/template.js';
import { tempfile } from './files/tempfile.js';
import { unarchive } from './files/unarchive.js';
import { spaPhone } from './phone/spa-phone.js';
import { apt } from './system/apt.js';
import { cron } from './system/cron.js';
import { getUrl } from './system/get-url.js';
import { group } from './system/group.js';
import { hostname } from './system/hostname.js';
import { modprobe } from './system/modprobe.js';
import { mount } from './system/mount.js';
import { packageModule } from './system/package.js';
import { ping } from './system/ping.js';
import { reboot } from './system/reboot.js';
import { service } from './system/service.js';
import { setup } from './system/setup.js';
import { sysctl } from './system/sysctl.js';
import { systemd, systemdService } from './system/systemd.js';
import { uri } from './system/uri.js';
import { user } from './system/user.js';
import { waitFor } from './system/wait-for.js';
import { waitForConnection } from './system/wait-for-connection.js';
import { dnf, yum } from './system/yum.js';
import type { ModuleDefinition } from './types.js';
import { qemuImg } from './virt/qemu-img.js';
import { virt } from './virt/virt.js';

export const BUILTIN_MODULES: readonly ModuleDefinition[] = [
  // controller only: they open no connection
  debug,
  setFact,
  assertModule,
  validateArgumentSpecModule,
  fail,
  pause,
  // facts
  setup,
  ping,
  // files
  copy,
  template,
  file,
  lineinfile,
  iniFile,
  fetch,
  blockinfile,
  replace,
  stat,
  slurp,
  find,
  tempfile,
  assemble,
  unarchive,
  knownHosts,
  authorizedKey,
  // commands
  command,
  shell,
  raw,
  script,
  asyncStatus,
  // system
  packageModule,
  apt,
  yum,
  dnf,
  service,
  systemd,
  systemdService,
  cron,
  hostname,
  sysctl,
  modprobe,
  user,
  group,
  mount,
  waitFor,
  waitForConnection,
  reboot,
  uri,
  getUrl,
  // libvirt
  virt,
  qemuImg,
  // Asterisk
  asteriskCommand,
  asteriskReload,
  // devices configured over HTTP: no shell connection involved
  spaPhone,
] as ModuleDefinition[];
