// Deploys BPMN XML: compiles it (refusing what cannot run, with the whole list) and creates
// version N+1 of each executable process whose XML changed since its latest version. Forms
// sent with it (or alone) are stored in the same transaction, versioned by form id.
import crypto from "node:crypto";
import { compile } from "../../../engine/compiler";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../authz/actor";
import { assertCan } from "../../authz/assert-can";
import { db as defaultDb, type Db } from "../../db/client";
import { BatonError } from "../../errors";
import { deployRequestIssue, findJsonIssue, validationError } from "../../input-limits";
import { parseFormFiles, storeForms } from "../../forms/store-forms";
import {
  ZDeployDefinitionRequest,
  type TDeployDefinitionRequest,
  type TDeployDefinitionResponse,
  type TDeployedDefinition,
} from "./deploy-definition.types";

export async function deployDefinition(
  actor: Actor | null,
  request: TDeployDefinitionRequest,
  deps: { db?: Db } = {},
): Promise<TDeployDefinitionResponse> {
  assertCan(actor, "definition.deploy");
  const unfit = deployRequestIssue(request);
  if (unfit) throw validationError(unfit);
  const input = ZDeployDefinitionRequest.parse(request);
  const db = deps.db ?? defaultDb();
  // forms are checked before the model so a bad form refuses the whole deploy
  const forms = parseFormFiles(input.forms ?? []);
  if (input.xml === undefined) {
    const stored = await db.$transaction((tx) => storeForms(tx, actor, forms));
    return { definitions: [], forms: stored, jobTypes: [], info: [] };
  }
  const xml = input.xml;
  const result = await compile(xml);
  if (!result.ok || !result.model) {
    throw new BatonError(
      "UNPROCESSABLE",
      result.errors.length
        ? `The model cannot be deployed: ${result.errors[0].message}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ""}`
        : `The model uses ${result.unsupported.length} element(s) Baton cannot execute: ${result.unsupported.map((u) => `${u.id} (${u.type})`).join(", ")}`,
      { errors: result.errors, unsupported: result.unsupported },
    );
  }
  const model = result.model;
  // Character references (`&#0;`, `&#xD800;`) reach names and expressions only once parsed.
  // Only text is at stake here: a model nests as deep as its subprocesses (the walk does not recurse).
  const unstorable = findJsonIssue(model, "model", { maxDepth: 1_000 });
  if (unstorable) throw validationError({ field: "body.xml", message: `${unstorable.field} ${unstorable.message}` });
  const checksum = result.checksum ?? crypto.createHash("sha256").update(xml).digest("hex");
  const processes = Object.values(model.processes);
  if (processes.length === 0) {
    throw new BatonError("UNPROCESSABLE", "The model has no executable process: set isExecutable=\"true\" on a process.");
  }

  const written = await db.$transaction(async (tx) => {
    const out: TDeployedDefinition[] = [];
    for (const p of processes) {
      // Serialize deploys of the same key so two never take the same version number.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`deploy:${actor.organizationId}:${p.id}`}, 0))`;
      const latest = await tx.processDefinition.findFirst({
        where: { organizationId: actor.organizationId, key: p.id },
        orderBy: { version: "desc" },
      });
      if (latest && latest.checksum === checksum) {
        out.push(view(latest, false));
        continue;
      }
      const row = await tx.processDefinition.create({
        data: {
          id: crypto.randomUUID(),
          organizationId: actor.organizationId,
          key: p.id,
          version: (latest?.version ?? 0) + 1,
          name: p.name ?? p.id,
          bpmnXml: xml,
          checksum,
          model: JSON.parse(JSON.stringify(model)),
          deployedById: actor.via === "system" ? null : actor.userId,
        },
      });
      await appendAudit(tx, [
        {
          organizationId: actor.organizationId,
          type: "definition.deployed",
          actorId: actor.via === "system" ? null : actor.userId,
          payload: { definitionId: row.id, key: row.key, version: row.version, checksum, fileName: input.fileName ?? null },
        },
      ]);
      out.push(view(row, true));
    }
    return { out, stored: await storeForms(tx, actor, forms) };
  });
  return { definitions: written.out, forms: written.stored, jobTypes: result.jobTypes, info: result.info };
}

function view(
  row: { id: string; key: string; version: number; name: string; checksum: string; deployedAt: Date },
  isNew: boolean,
): TDeployedDefinition {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name,
    checksum: row.checksum,
    deployedAt: row.deployedAt.toISOString(),
    isNew,
  };
}
