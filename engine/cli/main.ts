// `baton` CLI dispatcher: `baton <command> [args]`. Add a command by importing it into COMMANDS.
import { EXIT, type CliIo, type Command } from "./command";
import { validateCommand } from "./commands/validate";

const COMMANDS: Command[] = [validateCommand];

function usage(): string {
  const lines = COMMANDS.map((c) => `  baton ${c.usage}`);
  return ["usage: baton <command> [arguments]", "", "commands:", ...lines, ""].join("\n");
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
