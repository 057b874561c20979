/** A directed graph: each node and the nodes it points to (an importing file and the files it imports). */
export type Graph = ReadonlyMap<string, readonly string[]>;

/**
 * The cycles of a graph, one per strongly connected component (Tarjan) that has more than one node or a node
 * pointing to itself, each given as a path that starts and ends at the component's first node in sort order:
 * `["a", "b", "a"]`. Sorted, so the answer does not depend on the order the graph was built in.
 */
export function findCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;

  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return components
    .filter((c) => c.length > 1 || (graph.get(c[0] ?? "") ?? []).includes(c[0] ?? ""))
    .map((c) => cycleThrough(graph, new Set(c)))
    .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** The shortest path from the component's first node back to itself, staying inside the component (breadth first). */
function cycleThrough(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0] ?? "";
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] ?? "";
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0] ?? "") ?? start);
        return [...path, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
