/**
 * StringTable: interns type names, labels and reprs so that per-node and per-edge arrays hold
 * small integers. Id 0 is always the empty string, used as "none".
 */
export class StringTable {
  private readonly list: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  get(id: number): string {
    return this.list[id] ?? '';
  }

  /** The id of `s` if interned, else -1 (never interns). */
  find(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  get size(): number {
    return this.list.length;
  }
}
