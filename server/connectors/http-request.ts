// The request both transports send (node:http by default, fetch when a caller supplies one): its
// header list under fetch's rules, and the messages shared by both. See http-connector.ts.

class InvalidHeaderError extends Error {}

/** An HTTP token (RFC 9110 §5.6.2): header names and methods. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** fetch's Headers trims these from values... */
const HTTP_WHITESPACE_EDGES = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** ...and refuses NUL, CR and LF, and characters above Latin-1 (a ByteString). */
const BAD_HEADER_VALUE = /[\0\r\n]|[^\0-\xff]/;

/**
 * The request's header list under the rules of fetch's `Headers` (so both transports see the same
 * headers): names must be tokens, values are trimmed and may not hold NUL/CR/LF or characters
 * above Latin-1, names are case-insensitive, a repeated name is joined with ", " ("; " for Cookie),
 * and the first spelling and insertion order are kept for the wire. `set` keeps the position.
 */
export class HeaderList {
  readonly entries = new Map<string, { name: string; value: string }>();

  private static check(name: string, value: unknown): string {
    const v = String(value).replace(HTTP_WHITESPACE_EDGES, "");
    if (!HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(v)) throw new InvalidHeaderError();
    return v;
  }
  append(name: string, value: unknown): void {
    const v = HeaderList.check(name, value);
    const key = name.toLowerCase();
    const prev = this.entries.get(key);
    if (prev) prev.value = `${prev.value}${key === "cookie" ? "; " : ", "}${v}`;
    else this.entries.set(key, { name, value: v });
  }
  set(name: string, value: string): void {
    this.entries.set(name.toLowerCase(), { name, value: HeaderList.check(name, value) });
  }
  get(key: string): string | undefined {
    return this.entries.get(key)?.value;
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  toHeaders(): Headers {
    const h = new Headers();
    for (const { name, value } of this.entries.values()) h.append(name, value);
    return h;
  }
}

export interface BuiltRequest {
  url: URL;
  method: string;
  headers: HeaderList;
  body: string | undefined;
}

export const INVALID_HEADER = "a header name or value is not valid HTTP (no line breaks or non-ASCII names)";

export function tooLarge(limit: number): string {
  return `response body exceeds ${limit} bytes`;
}
