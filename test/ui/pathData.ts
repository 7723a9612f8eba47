/** Test helper: a brute-force reading of SVG path data, to check edge geometry against. */
export type Pt = [number, number];

/**
 * Points along path data made of absolute M, L, Q and C commands, `n` parameter steps per
 * segment (de Casteljau: the same steps for a line, a quadratic and a cubic).
 */
export function samplePathData(d: string, n = 64): Pt[] {
  const tokens = d.match(/[MLQC]|-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? [];
  const out: Pt[] = [];
  let cur: Pt = [0, 0];
  let i = 0;
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    const cmd = tokens[i++];
    if (cmd === 'M') {
      cur = [num(), num()];
      out.push(cur);
      continue;
    }
    const pts: Pt[] = [cur];
    const count = cmd === 'L' ? 1 : cmd === 'Q' ? 2 : cmd === 'C' ? 3 : NaN;
    if (!(count > 0)) throw new Error(`unexpected path command ${cmd}`);
    for (let k = 0; k < count; k++) pts.push([num(), num()]);
    for (let s = 1; s <= n; s++) {
      let q = pts.map((p) => [...p] as Pt);
      const t = s / n;
      while (q.length > 1)
        q = q.slice(1).map((p, j) => [q[j][0] + (p[0] - q[j][0]) * t, q[j][1] + (p[1] - q[j][1]) * t]);
      out.push(q[0]);
    }
    cur = pts[pts.length - 1];
  }
  return out;
}
