import { z } from "zod";
import { ZFormFile, type TDeployedForm } from "../../forms/store-forms";

export const ZDeployDefinitionRequest = z
  .object({
    xml: z.string().min(1, "xml is empty: send the BPMN 2.0 XML of the model").max(5_000_000, "xml is larger than 5 MB").optional(),
    /** Name of the file it came from, for messages only. */
    fileName: z.string().max(255).optional(),
    /** Camunda Forms deployed with the model (or alone), stored versioned by form id. */
    forms: z.array(ZFormFile).max(100, "at most 100 forms per deployment").optional(),
  })
  .refine((r) => r.xml !== undefined || (r.forms?.length ?? 0) > 0, { path: ["xml"], message: "missing: send the BPMN 2.0 XML of the model (or at least one form)" });
export type TDeployDefinitionRequest = z.infer<typeof ZDeployDefinitionRequest>;

export interface TDeployedDefinition {
  id: string;
  key: string;
  version: number;
  name: string;
  checksum: string;
  deployedAt: string;
  /** false when the same XML was already deployed under this key (no new version). */
  isNew: boolean;
}

export interface TDeployDefinitionResponse {
  definitions: TDeployedDefinition[];
  forms: TDeployedForm[];
  jobTypes: string[];
  info: { id?: string; type: string; message: string }[];
}
