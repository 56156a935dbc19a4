/**
 * Every module play provides, listed once. The registry, the executor's lookup, the loader's
 * checks, docs/modules.md and the lab matrix's coverage all derive from this list: a module
 * missing here cannot be used or documented.
 */
import { asteriskCommand } from './asterisk/asterisk-command.js';
import { asteriskReload } from './asterisk/asterisk-reload.js';
import { command } from './commands/command.js';
import { raw } from './commands/raw.js';
import { shell } from './commands/shell.js';
import { assertModule } from './controller/assert.js';
import { debug } from './controller/debug.js';
import { fail } from './controller/fail.js';
import { setFact } from './controller/set-fact.js';
import { blockinfile } from './files/blockinfile.js';
import { copy } from './files/copy.js';
import { fetch } from './files/fetch.js';
import { file } from './files/file.js';
import { iniFile } from './files/ini-file.js';
import { lineinfile } from './files/lineinfile.js';
import { replace } from './files/replace.js';
import { slurp } from './files/slurp.js';
import { stat } from './files/stat.js';
import { template } from './files/template.js';
import { spaPhone } from './phone/spa-phone.js';
import { apt } from './system/apt.js';
import { group } from './system/group.js';
import { modprobe } from './system/modprobe.js';
import { mount } from './system/mount.js';
import { packageModule } from './system/package.js';
import { ping } from './system/ping.js';
import { service } from './system/service.js';
import { setup } from './system/setup.js';
import { sysctl } from './system/sysctl.js';
import { uri } from './system/uri.js';
import { user } from './system/user.js';
import { waitFor } from './system/wait-for.js';
import { dnf, yum } from './system/yum.js';
import type { ModuleDefinition } from './types.js';
import { qemuImg } from './virt/qemu-img.js';
import { virt } from './virt/virt.js';

export const BUILTIN_MODULES: readonly ModuleDefinition[] = [
  // controller only: they open no connection
  debug,
  setFact,
  assertModule,
  fail,
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
  // commands
  command,
  shell,
  raw,
  // system
  packageModule,
  apt,
  yum,
  dnf,
  service,
  sysctl,
  modprobe,
  user,
  group,
  mount,
  waitFor,
  uri,
  // libvirt
  virt,
  qemuImg,
  // Asterisk
  asteriskCommand,
  asteriskReload,
  // devices configured over HTTP: no shell connection involved
  spaPhone,
] as ModuleDefinition[];
