/**
 * `ns.col.role` (Ansible's fully qualified collection reference, AnsibleCollectionRef): the
 * collection part (`ns.col`), or undefined for a plain name. play has no collections, so a role
 * named this way exists only as a directory of that literal name.
 */
export function collectionOf(name: string): string | undefined {
  const m = /^([A-Za-z_]\w*\.[A-Za-z_]\w*)\.[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.exec(name);
  return m?.[1];
}
