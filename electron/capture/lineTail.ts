/**
 * The first and the last line of a text fed in pieces, in bounded memory: what a dump's
 * completeness depends on (its header and its trailer). Works on bytes, so a multi-gigabyte dump
 * costs one pass over its bytes and no string larger than the lines it keeps.
 */
const NL = 0x0a;
/** Longer lines are never a header or trailer we read: they are dropped, not kept growing. */
const MAX_LINE = 4 << 20;

export class LineTail {
  private firstLine: string | undefined;
  private firstDone = false;
  private firstParts: Buffer[] = [];
  private firstBytes = 0;
  private lastComplete: Buffer = Buffer.alloc(0);
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** The partial line exceeded MAX_LINE: it is not kept, and is no candidate until it ends. */
  private overlong = false;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (!this.firstDone) this.feedFirst(chunk);
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl < 0) {
      this.addPartial(chunk);
      return;
    }
    const prevNl = lastNl > 0 ? chunk.lastIndexOf(NL, lastNl - 1) : -1;
    if (prevNl >= 0) this.lastComplete = Buffer.from(chunk.subarray(prevNl + 1, lastNl));
    else if (this.overlong) this.lastComplete = Buffer.alloc(0);
    else this.lastComplete = Buffer.concat([...this.partial, chunk.subarray(0, lastNl)]);
    this.partial = [];
    this.partialBytes = 0;
    this.overlong = false;
    this.addPartial(chunk.subarray(lastNl + 1));
  }

  /** The first line, once it has ended (undefined before, or when it was too long to keep). */
  header(): string | undefined {
    return this.firstLine;
  }

  /** The last line: the unterminated rest when there is one, else the last complete line; trimmed. */
  last(): string {
    if (this.overlong) return '';
    return (this.partialBytes > 0 ? Buffer.concat(this.partial) : this.lastComplete).toString('utf8').trim();
  }

  private feedFirst(chunk: Buffer): void {
    const nl = chunk.indexOf(NL);
    const piece = nl < 0 ? chunk : chunk.subarray(0, nl);
    if (this.firstBytes + piece.length <= MAX_LINE) this.firstParts.push(Buffer.from(piece));
    this.firstBytes += piece.length;
    if (nl < 0) return;
    this.firstDone = true;
    this.firstLine = this.firstBytes > MAX_LINE ? undefined : Buffer.concat(this.firstParts).toString('utf8');
    this.firstParts = [];
  }

  private addPartial(piece: Buffer): void {
    if (piece.length === 0 || this.overlong) return;
    if (this.partialBytes + piece.length > MAX_LINE) {
      this.overlong = true;
      this.partial = [];
      this.partialBytes = 0;
      return;
    }
    this.partial.push(Buffer.from(piece));
    this.partialBytes += piece.length;
  }
}
