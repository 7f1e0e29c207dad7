/** A keyed registry of checks (one per family). Registering an id twice is a programming error. */
export class Registry<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  register(item: T): T {
    if (this.items.has(item.id)) throw new Error(`check ${item.id} is already registered`);
    this.items.set(item.id, item);
    return item;
  }

  all(): T[] {
    return [...this.items.values()];
  }
}
