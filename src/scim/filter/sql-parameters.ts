// A prefix may not end in a digit, so that the names of two prefixes never
// collide: "f" makes f0…f10…, and "f1" would make f10 too.
const PARAMETER_PREFIX = /^[A-Za-z_](?:[A-Za-z0-9_]*[A-Za-z_])?$/;

/**
 * Allocates TypeORM named parameters (`:f0`, `:f1`, …) and subquery aliases
 * for one compiled SQL fragment, so that values reach the database as bound
 * parameters and never as SQL text.
 */
export class ParameterAllocator {
  readonly parameters: Record<string, unknown> = {};
  private parameterCount = 0;
  private aliasCount = 0;

  constructor(readonly prefix = 'f') {
    if (!PARAMETER_PREFIX.test(prefix)) {
      throw new TypeError(
        `Invalid parameter prefix "${prefix}": expected letters, digits or "_", ` +
          'starting with a letter or "_" and not ending in a digit.',
      );
    }
  }

  /** Stores `value` under a new name and returns its placeholder, such as `:f0`. */
  add(value: unknown): string {
    const name = `${this.prefix}${this.parameterCount}`;
    this.parameterCount += 1;
    this.parameters[name] = value;
    return `:${name}`;
  }

  /** Returns a new subquery alias, such as `f_e0`. */
  allocateAlias(): string {
    const alias = `${this.prefix}_e${this.aliasCount}`;
    this.aliasCount += 1;
    return alias;
  }
}
