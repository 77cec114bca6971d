// `baton` CLI dispatcher: `baton <command> [args]`. Add a command by importing it into COMMANDS.
import { EXIT, type CliIo, type Command } from "./command";
import { REMOTE_COMMANDS } from "./commands/remote-commands";
import { validateCommand } from "./commands/validate";

const COMMANDS: Command[] = [validateCommand, ...REMOTE_COMMANDS];

function usage(): string {
  const lines = COMMANDS.map((c) => `  baton ${c.usage}`);
  const env = ["", "deploy, start, instances, incidents and retry talk to a running Baton:", "  BATON_URL (default http://localhost:3000), BATON_TOKEN (an API token); --table for a table"];
  return ["usage: baton <command> [arguments]", "", "commands:", ...lines, ...env, ""].join("\n");
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`baton: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  return command.run(args, io);
}

function defaultIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
