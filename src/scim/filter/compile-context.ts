import type { AttributeMap, SqlDialect } from './attribute-map';
import { dialectSyntax, type DialectSyntax } from './sql-dialect';
import { ParameterAllocator } from './sql-parameters';

export interface CompileOptions {
  dialect: SqlDialect;
  /** Prefix of the parameter names (default "f"), so that fragments compiled for one query do not collide. */
  parameterPrefix?: string;
}

/** A SQL fragment with the TypeORM named parameters it uses, ready for `QueryBuilder.where(sql, parameters)`. */
export interface CompiledSql {
  sql: string;
  parameters: Record<string, unknown>;
}

/** The state shared by one compilation: the attribute map, the dialect and the parameters allocated so far. */
export interface CompileContext {
  map: AttributeMap;
  dialect: SqlDialect;
  syntax: DialectSyntax;
  parameters: ParameterAllocator;
}

export function createCompileContext(map: AttributeMap, options: CompileOptions): CompileContext {
  return {
    map,
    dialect: options.dialect,
    syntax: dialectSyntax(options.dialect),
    parameters: new ParameterAllocator(options.parameterPrefix),
  };
}
