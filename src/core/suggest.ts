/** Edit distance between two strings (code points), counting a swap of neighbours as one edit ("hlep"). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    before = prev;
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/** The closest candidates to what was typed: near misses by edit distance, or those it is a prefix of. */
export function suggest(typed: string, candidates: readonly string[], max = 3): string[] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return [];
  const scored = candidates
    .filter((c) => [...c].length > 1)
    .map((c) => {
      const head = c.split(" ").slice(0, needle.split(" ").length).join(" ");
      const distance = Math.min(editDistance(needle, c), editDistance(needle, head) + 0.5);
      const prefix = c.startsWith(needle) ? -1 : 0;
      return { c, score: distance + prefix };
    })
    .filter(({ c, score }) => score <= Math.max(1, Math.floor([...c].length / 3)) || c.startsWith(needle))
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c));
  return [...new Set(scored.map((s) => s.c))].slice(0, max);
}
