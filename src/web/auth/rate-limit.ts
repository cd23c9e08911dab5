// A small in-memory limiter: at most `max` hits per key (an IP address) in any `windowMs`. In memory, so
// each process counts alone — enough for one server; several would need a shared store. Bounded in size:
// past `maxKeys` the keys whose hits have all aged out go first, then the oldest.

export type LimitAnswer =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  hit(key: string, now: number): LimitAnswer {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      const oldest = recent[0] as number;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.delete(key); // re-insert so Map order is least recently used first
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.prune(since);
    return { allowed: true };
  }

  private prune(since: number): void {
    for (const [k, times] of this.hits) if ((times[times.length - 1] ?? 0) <= since) this.hits.delete(k);
    for (const k of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(k);
    }
  }
}
