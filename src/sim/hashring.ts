/**
 * Consistent-hash ring with virtual nodes. Each member owns `vnodes` points on a 32-bit
 * ring; a key goes to the first point clockwise from its hash whose member is eligible,
 * so removing a member moves only the keys it owned (about 1/n of them).
 */
import { fmix32, hashString } from './random';

export class HashRing {
  private points = new Uint32Array(0);
  private owners = new Int32Array(0);

  constructor(members: readonly string[], vnodes: number) {
    this.build(members, vnodes);
  }

  build(members: readonly string[], vnodes: number): void {
    const pts: [number, number][] = [];
    members.forEach((m, i) => {
      for (let v = 0; v < vnodes; v++) pts.push([hashString(`${m}#${v}`), i]);
    });
    pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(pts.map((p) => p[0]));
    this.owners = Int32Array.from(pts.map((p) => p[1]));
  }

  /** Member for an integer key, skipping members for which `eligible` is false; -1 if none. */
  lookup(key: number, eligible: (member: number) => boolean): number {
    const n = this.points.length;
    if (n === 0) return -1;
    const h = fmix32((key ^ 0x5bd1e995) >>> 0);
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    for (let k = 0; k < n; k++) {
      const m = this.owners[(lo + k) % n];
      if (eligible(m)) return m;
    }
    return -1;
  }
}
