// Canonical JSON (RFC 8785 style: sorted keys, no whitespace, dates as ISO strings in ms)
// so that the same event always hashes to the same value, in the app and in the verifier.
import crypto from "node:crypto";

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value.toString());
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      // Built by concatenation, not map/join over entries: this runs for every audit row on the
      // write path, and the intermediate arrays were most of its cost.
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i] === undefined ? null : value[i]);
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, as RFC 8785 asks.
      const keys = Object.keys(obj).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(v)}`;
        first = false;
      }
      return `${out}}`;
    }
  }
  throw new Error(`canonicalJson: unsupported type ${typeof value}`);
}

export function sha256Hex(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}
