/**
 * Splitting by edge weight, one rule for every node that splits (client, gateway, weighted
 * load balancing, weighted DNS): a candidate's share is its weight over the total; weight-0
 * candidates are a backup tier, taken only when no candidate has a positive weight, and
 * then evenly. So a weight of 0 switches an edge off beside others, and a lone weight-0
 * edge still carries traffic (it is not "no route").
 *
 * The caller fills `weights` (a scratch array it keeps, so nothing allocates per request):
 * the weight of each candidate, or a negative number for one that is not a candidate.
 */
import type { Rng } from './random';

/**
 * The position of the chosen candidate among the first `n` of `weights`, or -1 when none is
 * a candidate. Draws once when there is a choice, never when there is not (one candidate,
 * or one with a positive weight), so a design's other random numbers stay put.
 */
export function pickWeighted(rng: Rng, weights: Float64Array, n: number): number {
  let total = 0,
    positive = 0,
    zero = 0,
    onlyPositive = -1,
    onlyZero = -1;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w > 0) {
      total += w;
      positive++;
      onlyPositive = i;
    } else if (w === 0) {
      zero++;
      onlyZero = i;
    }
  }
  if (positive === 1) return onlyPositive;
  if (positive > 1) {
    let x = rng.next() * total;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w > 0)) continue;
      x -= w;
      if (x < 0) return i;
    }
    return onlyPositive; // rounding left x at 0: the last positive one, never a backup
  }
  if (zero <= 1) return onlyZero;
  let k = rng.int(zero);
  for (let i = 0; i < n; i++) if (weights[i] === 0 && k-- === 0) return i;
  return onlyZero;
}
