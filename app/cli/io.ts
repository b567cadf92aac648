/** What a command may print to; tests pass collectors instead of the process streams. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export type Command = {
  summary: string;
  usage: string;
  run: (args: string[], io: CommandIo) => Promise<number>;
};

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/** A mistake in how a command was called or in its input: printed with the usage, exit code 1. */
export class InputError extends Error {}

/** Runs a command body: bad input (InputError, unknown or malformed flags) prints the message and usage. */
export async function runCommand(io: CommandIo, usage: string, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof InputError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))) {
      io.stderr(`error: ${(error as Error).message}\n${usage}\n`);
      return 1;
    }
    throw error;
  }
}
