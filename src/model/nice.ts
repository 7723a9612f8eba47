/**
 * Round numbers for people: the defaults and suggestions the app and the compiler offer.
 */

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above x (x > 0), free of float noise (0.25, not 0.25000000000000006). */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5]) if (m * p >= x - 1e-12 * p) return Number((m * p).toPrecision(3));
  return Number((10 * p).toPrecision(3));
}
