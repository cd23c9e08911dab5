// Bridges of an undirected graph: the edges that lie on no cycle (Tarjan's low-link method).

export interface Edge {
  readonly a: number;
  readonly b: number;
}

/**
 * Indexes of the bridges among `edges` on vertices 0..vertices − 1. In the table's graph a hidden value is
 * uniquely determined by the published ones exactly when its edge is a bridge: the line equations' row space
 * is the graph's cut space, and a single edge's unit vector lies in it iff that edge alone is a cut.
 */
export function findBridges(vertices: number, edges: readonly Edge[]): Set<number> {
  const adjacent: { to: number; edge: number }[][] = Array.from({ length: vertices }, () => []);
  edges.forEach((e, i) => {
    adjacent[e.a]?.push({ to: e.b, edge: i });
    adjacent[e.b]?.push({ to: e.a, edge: i });
  });
  const order = new Array<number>(vertices).fill(-1);
  const low = new Array<number>(vertices).fill(0);
  const bridges = new Set<number>();
  let counter = 0;
  const visit = (v: number, viaEdge: number): void => {
    order[v] = low[v] = counter++;
    for (const { to, edge } of adjacent[v] ?? []) {
      if (edge === viaEdge) continue;
      if ((order[to] ?? -1) === -1) {
        visit(to, edge);
        low[v] = Math.min(low[v] ?? 0, low[to] ?? 0);
        if ((low[to] ?? 0) > (order[v] ?? 0)) bridges.add(edge);
      } else low[v] = Math.min(low[v] ?? 0, order[to] ?? 0);
    }
  };
  for (let v = 0; v < vertices; v++) if (order[v] === -1) visit(v, -1);
  return bridges;
}
