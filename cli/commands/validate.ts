// `baton validate FILE.bpmn`: compile the model and print what would block a deploy, as JSON.
// Node-only (reads the file), so it lives outside the browser-safe engine code it calls.
import { readFile } from "node:fs/promises";
import { validateBpmn } from "../../engine/validate";
import { EXIT, type CliIo, type Command } from "../command";

export const validateCommand: Command = {
  name: "validate",
  usage: "validate FILE.bpmn    check a BPMN model; exit 0 when deployable, 1 when not",
  async run(args: string[], io: CliIo): Promise<number> {
    const files = args.filter((a) => !a.startsWith("-"));
    if (files.length !== 1 || args.length !== 1) {
      io.stderr("usage: baton validate FILE.bpmn\n");
      return EXIT.usage;
    }
    const file = files[0];
    let xml: string;
    try {
      xml = await readFile(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message;
      io.stderr(`baton validate: cannot read ${file}: ${why}\n`);
      return EXIT.usage;
    }
    const result = await validateBpmn(xml);
    // Exactly these keys: scripts and CI read this output
    const report = {
      ok: result.ok,
      processes: result.processes.map(({ id, name }) => ({ id, name: name ?? null })),
      errors: result.errors.map(({ id, type, message, line }) => ({ id, type, message, line })),
      unsupported: result.unsupported.map(({ id, type, reason }) => ({ id, type, reason })),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    // Information (job types that need a worker, parts ignored on purpose) goes to stderr, so the
    // JSON on stdout keeps exactly its documented keys.
    for (const i of result.info) {
      const line = i.message.startsWith("warning: ") ? i.message : `info: ${i.message}`;
      io.stderr(`${line}${i.id ? ` (${i.id})` : ""}\n`);
    }
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
