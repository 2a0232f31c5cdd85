/**
 * The known key a mistyped key most likely meant: a case-insensitive match
 * first, else the closest by Damerau-Levenshtein distance (optimal string
 * alignment, so a swapped pair of letters counts once), if close enough to
 * be a typo. Undefined when nothing is close.
 *
 * @example
 * nearestKey("expiresin", ["apiKey", "expiresIn"]); // "expiresIn"
 * nearestKey("apiKye", ["apiKey", "apiSecret"]); // "apiKey"
 * nearestKey("colour", ["apiKey"]); // undefined
 */
export function nearestKey(input: string, known: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  const sameCase = known.find((key) => key.toLowerCase() === wanted);
  if (sameCase !== undefined) return sameCase;
  // One edit in three characters, at least one, at most three.
  const budget = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const key of known) {
    const distance = editDistance(wanted, key.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance; stops early (returning `cap`) once it must exceed `cap - 1`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= cap) return cap;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, cap);
}
