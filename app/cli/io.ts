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
