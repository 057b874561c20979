/**
 * Items grouped by key, each group in the items' order; keys in order of first appearance. Linear: appending to a
 * spread copy (`[...(map.get(k) ?? []), item]`) is quadratic, which a 10,000-item backlog notices.
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
