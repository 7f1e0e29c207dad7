/** A keyed registry of checks (one per family). Registering an id twice is a programming error. */
export class Registry<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  register(item: T): T {
    if (this.items.has(item.id)) throw new Error(`check ${item.id} is already registered`);
    this.items.set(item.id, item);
    return item;
  }

  unregister(id: string): void {
    this.items.delete(id);
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  all(): T[] {
    return [...this.items.values()];
  }

  /** Looks ids up, failing on the first unknown one (so a typo in --checks is an error, not a no-op). */
  byIds(ids: readonly string[]): T[] {
    return ids.map((id) => {
      const item = this.items.get(id);
      if (!item) throw new Error(`unknown check id: ${id} (known: ${[...this.items.keys()].join(', ')})`);
      return item;
    });
  }
}
