/** The local lab: namespace hosts over a shared Debian sid root, each with its own sshd. */
export { ensureBaseImage } from './base-image.js';
export type { BaseImageOptions } from './base-image.js';
export { labBaseInfo, labDown, labReset, labStatus, labUp } from './lab.js';
export type { HostStatus, LabOptions, LabUpOptions } from './lab.js';
export { DEFAULT_LAB_PACKAGES, labPaths, labPathsSharingBase } from './hosts.js';
export { LAB_INVENTORY, defaultLabHosts, spa303Address } from './lab-inventory.js';
export { ensurePythonLayer } from './python-layer.js';
export type { LabHost, LabPaths, LabService } from './hosts.js';
export { spawnDetached } from './service.js';
export { formatBaseInfo } from './base-info.js';
export type { BaseInfo } from './base-info.js';
export { labKvm } from './kvm.js';
