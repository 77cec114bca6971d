// The shape every `baton` subcommand has; main.ts dispatches on `name`.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes shared by all subcommands. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface Command {
  name: string;
  /** One line for the command list, e.g. "validate FILE.bpmn   check a model without deploying it". */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
