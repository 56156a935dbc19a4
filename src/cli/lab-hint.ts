/**
 * The newcomer's first run: with the lab down, a lab host is unreachable ("connection refused",
 * or the lab's SSH key does not exist yet). The command line knows the lab's addresses
 * (inventory/lab.yml) and whether the lab is up, and adds what to do to the message; the engine
 * only calls the hint (RunOptions.unreachableHint) and never imports the lab.
 */
export interface LabFacts {
  /** The addresses of the lab's hosts and of its phone emulator. */
  addresses(): string[] | Promise<string[]>;
  /** Whether the lab host at `address` is running. */
  isUp(address: string): Promise<boolean>;
}

/** The lab as `play lab status` sees it; loaded only when a host was unreachable. */
export const localLab: LabFacts = {
  async addresses() {
    const { defaultLabHosts, spa303Address } = await import('../lab/index.js');
    return [...defaultLabHosts().map((h) => h.address), spa303Address()];
  },
  async isUp(address) {
    const { labStatus } = await import('../lab/index.js');
    return (await labStatus()).some((h) => h.address === address && h.up);
  },
};

export function labDownHint(lab: LabFacts = localLab): (host: string, address: string) => Promise<string | undefined> {
  let addresses: Promise<Set<string>> | undefined;
  return async (host, address) => {
    addresses ??= Promise.resolve()
      .then(() => lab.addresses())
      .then((list) => new Set(list))
      .catch(() => new Set<string>());
    if (!(await addresses).has(address)) return undefined;
    if (await lab.isUp(address).catch(() => false)) return undefined;
    return `${host} (${address}) is a host of the local lab, and the lab is not running: start it with 'play lab up' (as root), then run again ('play lab status' shows the hosts)`;
  };
}
