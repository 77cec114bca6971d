import { z } from "zod";

export const ZDeployDefinitionRequest = z.object({
  xml: z.string().min(1, "xml is empty: send the BPMN 2.0 XML of the model").max(5_000_000, "xml is larger than 5 MB"),
  /** Name of the file it came from, for messages only. */
  fileName: z.string().max(255).optional(),
});
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
  jobTypes: string[];
  info: { id?: string; type: string; message: string }[];
}
