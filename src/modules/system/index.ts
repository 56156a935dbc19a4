/** The system modules (packages, services, kernel, users, mounts, waits, HTTP, libvirt, Asterisk). */
import { asteriskCommand } from '../asterisk/asterisk-command.js';
import { asteriskReload } from '../asterisk/asterisk-reload.js';
import type { ModuleDefinition } from '../types.js';
import { qemuImg } from '../virt/qemu-img.js';
import { virt } from '../virt/virt.js';
import { apt } from './apt.js';
import { group } from './group.js';
import { modprobe } from './modprobe.js';
import { mount } from './mount.js';
import { packageModule } from './package.js';
import { service } from './service.js';
import { sysctl } from './sysctl.js';
import { uri } from './uri.js';
import { user } from './user.js';
import { waitFor } from './wait-for.js';
import { dnf, yum } from './yum.js';

export const systemModules: ModuleDefinition[] = [
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
  virt,
  qemuImg,
  asteriskCommand,
  asteriskReload,
] as ModuleDefinition[];
