import type { ModuleDefinition } from '../types.js';
import { spaPhone } from './spa-phone.js';

/** Modules for devices configured over HTTP (phones): no shell connection involved. */
export const phoneModules: ModuleDefinition[] = [spaPhone] as ModuleDefinition[];
