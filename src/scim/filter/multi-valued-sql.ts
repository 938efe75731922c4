import type { MultiValuedMapping } from './attribute-map';
import type { CompileContext } from './compile-context';

/** The rows of one multi-valued attribute of the outer row, as a subquery's FROM and WHERE. */
export interface ElementRows {
  from: string;
  /** The correlation with the outer row, when the FROM item does not carry it. */
  where?: string;
  /** The alias that element operands of a JSON array refer to. */
  alias: string;
}

export function elementRows(mapping: MultiValuedMapping, context: CompileContext): ElementRows {
  const { syntax, parameters } = context;
  const alias = parameters.allocateAlias();
  if (mapping.kind === 'jsonArray') {
    const document = syntax.jsonDocument(mapping.column);
    return { from: syntax.jsonArrayElements(document, mapping.path, alias), alias };
  }
  const source = mapping.source({ dialect: context.dialect, parameters });
  return { from: source.from, where: source.where, alias };
}

/** Builds `EXISTS (...)` over the element rows, true when one of them satisfies `condition`. */
export function existsElement(rows: ElementRows, condition?: string): string {
  const conditions = [rows.where, condition].filter((part): part is string => part !== undefined);
  const where =
    conditions.length === 0 ? '' : ` WHERE ${conditions.map((part) => `(${part})`).join(' AND ')}`;
  return `EXISTS (SELECT 1 FROM ${rows.from}${where})`;
}
