/** Parses `command --name value ...` into the command and its options. */
export interface CliInvocation {
  command: string | undefined;
  options: Record<string, string>;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parseCliArguments(argv: string[]): CliInvocation {
  const [command, ...rest] = argv;
  const options: Record<string, string> = {};
  for (let index = 0; index < rest.length; index += 1) {
    const flag = rest[index];
    if (!flag.startsWith('--')) throw new CliUsageError(`Unexpected argument "${flag}"`);
    const equals = flag.indexOf('=');
    if (equals > 0) {
      options[flag.slice(2, equals)] = flag.slice(equals + 1);
      continue;
    }
    const value = rest[index + 1];
    if (value === undefined || value.startsWith('--'))
      throw new CliUsageError(`Option ${flag} needs a value`);
    options[flag.slice(2)] = value;
    index += 1;
  }
  return { command, options };
}

export function requireOption(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (value === undefined || value.trim() === '')
    throw new CliUsageError(`Missing option --${name}`);
  return value.trim();
}
