// Values derived from text the database stores (an RFP's section, a bid's draft, a submitted
// version, an audit event), kept per text; and what a read of records that never change returns
// (a snapshot's ranking rows), kept per question. One RFP is read by every vendor invited to it
// and on every tab of its workspace, one draft on every view of its bid page, one submitted
// version on every view of its scoring sheet, one snapshot's first ranking page by every panel
// member; the text changes only when it is saved (a version, an event or a snapshot never). The
// key is the text as stored, so any change (a save, an addendum, an edit by hand) is a new key
// and is derived afresh.

/** Freezes a value and everything it holds: readers share a kept value, and none may change it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A bounded map from stored text to what was derived from it. Bounded by entries and by the
 * characters kept as keys; past either it starts again (a cold read costs what every read cost
 * before). A derivation that throws keeps nothing, so a broken text fails as loudly every time.
 */
export class KeptByText<T> {
  readonly #kept = new Map<string, T>();
  #characters = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxCharacters: number,
  ) {}

  get(text: string, derive: (text: string) => T): T {
    const kept = this.#kept.get(text);
    return kept === undefined ? this.keep(text, derive(text)) : kept;
  }

  /** What was kept for this text, if anything (for a value derived asynchronously, then kept). */
  find(text: string): T | undefined {
    return this.#kept.get(text);
  }

  /** Keeps a value for this text and returns it. */
  keep(text: string, value: T): T {
    if (this.#kept.size >= this.maxEntries || this.#characters + text.length > this.maxCharacters) {
      this.#kept.clear();
      this.#characters = 0;
    }
    if (!this.#kept.has(text)) this.#characters += text.length;
    this.#kept.set(text, value);
    return value;
  }
}
