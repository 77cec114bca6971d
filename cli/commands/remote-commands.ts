// The remote `baton` commands: deploy, start, instances, incidents, retry. Each is a thin
// call of the REST API (see remote-client.ts for BATON_URL / BATON_TOKEN and error messages).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT, type CliIo, type Command } from "../command";
import { print, type Row } from "./remote-output";
import { callApi, CliFailure, runRemote } from "./remote-client";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** How many positional arguments a command takes: exactly N, or at least N (`{ min: N }`). */
type Positionals = number | { min: number };

function args(name: string, usage: string, argv: string[], options: Options, positionals: Positionals) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, table: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliFailure(`${(err as Error).message}\nusage: baton ${usage}`, EXIT.usage);
  }
  const n = parsed.positionals.length;
  if (typeof positionals === "number" ? n !== positionals : n < positionals.min) throw new CliFailure(`usage: baton ${usage}`, EXIT.usage);
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals, table: parsed.values.table === true };
}

const items = (v: unknown) => ((v as { items?: Row[] }).items ?? []) as Row[];
const one = (v: unknown) => [v as Row];

function remote(name: string, usage: string, options: Options, positionals: Positionals, body: (a: ReturnType<typeof args>, io: CliIo) => Promise<void>): Command {
  return {
    name,
    usage,
    run: (argv, io) => runRemote(name, io, () => body(args(name, usage.split(/\s{2,}/)[0], argv, options, positionals), io)),
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new CliFailure(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`, EXIT.usage);
  }
}

export const deployCommand = remote("deploy", "deploy FILE.bpmn [FORM.form ...]      deploy a model (and its Camunda Forms) to the Baton at BATON_URL", {}, { min: 1 }, async (a, io) => {
  const [file, ...formFiles] = a.positionals;
  const xml = await readText(file);
  const forms = await Promise.all(formFiles.map(async (f) => ({ fileName: path.basename(f), text: await readText(f) })));
  const res = forms.length
    ? await callApi({ method: "POST", path: "/definitions", json: { xml, fileName: path.basename(file), forms } })
    : await callApi({ method: "POST", path: "/definitions", raw: { body: xml, contentType: "application/xml", headers: { "x-file-name": path.basename(file) } } });
  print(io, res, { table: a.table, rows: (v) => (v as { definitions: Row[] }).definitions, columns: ["key", "version", "isNew", "name", "id"] });
});

export const startCommand = remote(
  "start",
  "start KEY [--vars JSON] [--business-key K] [--version N]   start an instance",
  { vars: { type: "string" }, "business-key": { type: "string" }, version: { type: "string" } },
  1,
  async (a, io) => {
    let variables: unknown = {};
    if (typeof a.values.vars === "string") {
      try {
        variables = JSON.parse(a.values.vars);
      } catch {
        throw new CliFailure(`--vars: not valid JSON (e.g. --vars '{"amount": 120}')`, EXIT.usage);
      }
    }
    const version = a.values.version === undefined ? undefined : Number(a.values.version);
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new CliFailure("--version: a positive whole number", EXIT.usage);
    const body = { key: a.positionals[0], variables, businessKey: a.values["business-key"], version };
    const res = await callApi({ method: "POST", path: "/instances", json: body });
    print(io, res, { table: a.table, rows: one, columns: ["id", "key", "version", "status", "businessKey", "startedAt"] });
  },
);

export const instancesCommand = remote("instances", "instances [--status S] [--limit N]   list instances (newest first)", { status: { type: "string" }, limit: { type: "string" } }, 0, async (a, io) => {
  const q = new URLSearchParams();
  if (typeof a.values.status === "string") q.set("status", a.values.status.toUpperCase());
  if (typeof a.values.limit === "string") q.set("limit", a.values.limit);
  const res = await callApi({ method: "GET", path: `/instances${q.size ? `?${q}` : ""}` });
  print(io, res, { table: a.table, rows: items, columns: ["id", "key", "version", "status", "hasIncident", "businessKey", "startedAt"] });
});

export const incidentsCommand = remote("incidents", "incidents [--status OPEN|RESOLVED]   list incidents (default: open)", { status: { type: "string" } }, 0, async (a, io) => {
  const status = typeof a.values.status === "string" ? a.values.status.toUpperCase() : "OPEN";
  const res = await callApi({ method: "GET", path: `/incidents?status=${encodeURIComponent(status)}` });
  print(io, res, { table: a.table, rows: items, columns: ["id", "instanceId", "elementId", "type", "message", "createdAt"] });
});

export const retryCommand = remote("retry", "retry INCIDENT_ID [--retries N]   retry an incident", { retries: { type: "string" } }, 1, async (a, io) => {
  const retries = a.values.retries === undefined ? undefined : Number(a.values.retries);
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) throw new CliFailure("--retries: a positive whole number", EXIT.usage);
  const res = await callApi({ method: "POST", path: `/incidents/${encodeURIComponent(a.positionals[0])}/retry`, json: retries ? { retries } : {} });
  print(io, res, { table: a.table, rows: () => [{ incident: a.positionals[0], ...(res as Row) }], columns: ["incident", "ok"] });
});

export const REMOTE_COMMANDS: Command[] = [deployCommand, startCommand, instancesCommand, incidentsCommand, retryCommand];
