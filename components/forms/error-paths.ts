// Maps the server's form errors (keyed by data path: `amount`, `requester.name`, `items.0.cost`)
// onto form-js's errors state (keyed by field id, then by list index: `{ Field_cost: [[msg]] }`).
// Pure, so the page and the tests can use it without a browser.

interface Target {
  id: string;
  label: string;
  /** Data path with `*` for each dynamic-list index, e.g. ["items", "*", "cost"]. */
  pattern: string[];
}

type Component = { id?: string; type?: string; key?: string; path?: string; label?: string; isRepeating?: boolean; components?: Component[] };

/** Every keyed field of a schema with the data path pattern it writes to. */
export function fieldTargets(schema: Record<string, unknown>): Target[] {
  const out: Target[] = [];
  const walk = (components: Component[] | undefined, prefix: string[]) => {
    for (const c of components ?? []) {
      if (!c || typeof c !== "object") continue;
      const pathed = c.type === "group" || c.type === "dynamiclist";
      if (c.key && !pathed && !Array.isArray(c.components)) {
        out.push({ id: c.id ?? c.key, label: typeof c.label === "string" && !c.label.startsWith("=") ? c.label : c.key, pattern: [...prefix, ...c.key.split(".")] });
        continue;
      }
      const own = pathed && c.path ? c.path.split(".") : [];
      const repeats = c.type === "dynamiclist" && c.isRepeating !== false && own.length > 0;
      walk(c.components, [...prefix, ...own, ...(repeats ? ["*"] : [])]);
    }
  };
  walk((schema.components as Component[]) ?? [], []);
  return out;
}

/** form-js errors for the paths that name a field; the rest as "label: message" lines. */
export function placeErrors(targets: Target[], serverErrors: Record<string, string>): { errors: Record<string, unknown>; unplaced: string[] } {
  const errors: Record<string, unknown> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(serverErrors)) {
    const segs = path.split(".");
    let placed = false;
    for (const t of targets) {
      if (t.pattern.length !== segs.length) continue;
      const indexes: number[] = [];
      const match = t.pattern.every((p, i) => (p === "*" ? /^\d+$/.test(segs[i]) && indexes.push(Number(segs[i])) > 0 : p === segs[i]));
      if (!match) continue;
      if (indexes.length === 0) errors[t.id] = [message];
      else {
        // form-js reads errors at [field id, ...indexes]
        let node = (errors[t.id] ??= []) as unknown[];
        indexes.forEach((idx, n) => {
          if (n === indexes.length - 1) node[idx] = [message];
          else node = (node[idx] ??= []) as unknown[];
        });
      }
      placed = true;
      break;
    }
    if (!placed) unplaced.push(`${path}: ${message}`);
  }
  return { errors, unplaced };
}
