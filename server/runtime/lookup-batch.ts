// Coalesces point lookups made within a couple of milliseconds into one query (`id = ANY($1)`):
// under load a worker handles hundreds of jobs a second, and one round trip each was a large share
// of its CPU (each is a syscall and a wake-up of a PostgreSQL backend).
export class LookupBatch<V> {
  private pending = new Map<string, Array<{ resolve(v: V | undefined): void; reject(e: unknown): void }>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxBatch = 256,
    private readonly maxWaitMs = 2,
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (this.pending.size >= this.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    if (!batch.size) return;
    try {
      const found = await this.load([...batch.keys()]);
      for (const [key, waiting] of batch) for (const w of waiting) w.resolve(found.get(key));
    } catch (err) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
    }
  }
}
