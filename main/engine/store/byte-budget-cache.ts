/**
 * Values kept by key up to a budget of bytes (each value counted as the bytes it was read from), the
 * least recently used let go first; the entry just set always stays, whatever its size.
 */
export class ByteBudgetCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly budget: number) {}

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: K, value: V, bytes: number): void {
    const had = this.entries.get(key);
    if (had) {
      this.entries.delete(key);
      this.total -= had.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.budget || k === key) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
  }
}
