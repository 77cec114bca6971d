// Maps element ids and character offsets of the XML text to 1-based line/column numbers.

export interface Position {
  line: number;
  column: number;
}

const ID_ATTR = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export class PositionIndex {
  private lineStarts: number[] | undefined;
  private idOffsets: Map<string, number> | undefined;

  constructor(private readonly xml: string) {}

  /** Position of the start tag of the first element declaring `id="…"`, built on first use in one pass. */
  ofId(id: string): Position | undefined {
    if (!this.idOffsets) {
      this.idOffsets = new Map();
      for (const m of this.xml.matchAll(ID_ATTR)) {
        const value = m[1] ?? m[2] ?? "";
        if (this.idOffsets.has(value)) continue;
        const tagStart = this.xml.lastIndexOf("<", m.index);
        this.idOffsets.set(value, tagStart >= 0 ? tagStart : m.index);
      }
    }
    const offset = this.idOffsets.get(id);
    return offset === undefined ? undefined : this.ofOffset(offset);
  }

  ofOffset(offset: number): Position {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.xml.length; i++) if (this.xml.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}
