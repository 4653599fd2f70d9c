/**
 * A token bucket per key (a channel): `perMinute` calls at once, refilled evenly over the minute, so a burst
 * is allowed but a channel cannot keep the model busy for everyone else.
 */
export function perMinuteLimit(perMinute: number, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillMs = 60_000 / perMinute;
  return {
    /** Takes one call for the key: 0 when allowed, else how many ms until the next one is. */
    take(key: string): number {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) / refillMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) * refillMs);
      bucket.tokens -= 1;
      return 0;
    },
  };
}
