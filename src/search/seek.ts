/** The first position at or after `from` whose value is at least `value` in ascending `values`: a galloping search. */
export function seek(values: Uint32Array, from: number, value: number): number {
  if (from >= values.length || values[from]! >= value) return from;
  let low = from;
  let step = 1;
  while (low + step < values.length && values[low + step]! < value) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, values.length);
  while (low + 1 < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle;
    else high = middle;
  }
  return high;
}
