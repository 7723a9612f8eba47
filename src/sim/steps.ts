/**
 * A client's 'steps' profile ready for lookups: the open loop asks the rate for every
 * thinning candidate, so the steps are sorted once (when the client is configured) and each
 * lookup is a binary search.
 */

/** A 'steps' profile's steps by time: `atS` ascending, `rps` the rate of each. */
export interface Steps {
  readonly atS: Float64Array;
  readonly rps: Float64Array;
}
export const NO_STEPS: Steps = { atS: new Float64Array(0), rps: new Float64Array(0) };

/**
 * The steps sorted by atS, for stepRate. The sort is stable: of steps at the same time the
 * one listed last stays last, so it is the one that holds from then on.
 */
export function sortSteps(steps: readonly { atS: number; rps: number }[]): Steps {
  const sorted = [...steps].sort((a, b) => a.atS - b.atS);
  return { atS: Float64Array.from(sorted, (st) => st.atS), rps: Float64Array.from(sorted, (st) => st.rps) };
}

/**
 * Rate at `s` seconds: that of the latest step already reached (`atS <= s`), or `base`
 * before the first. Whatever the list order, as sortSteps sorts it: steps added out of order
 * in the editor must not hide a later one. A binary search for the last step reached.
 */
export function stepRate(steps: Steps, s: number, base: number): number {
  const at = steps.atS;
  let lo = 0,
    hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? base : steps.rps[lo - 1];
}
