import type {
  AttributeDefinition,
  AttributeType,
  SchemaDefinition,
} from '../schema/attribute-definition';
import type { AttributeMapping, JsonElementAttribute, ScalarAttributeType } from './attribute-map';

export interface JsonDocumentMappingOptions {
  /** Keys and JSON paths start with the schema URN, as extension attributes are filtered and stored. */
  extension?: boolean;
}

/**
 * Builds attribute-map entries for the attributes of `schema` stored in the
 * JSON document column `column`, with the types and caseExact that /Schemas
 * publishes. Scalars become jsonValue entries, single-valued complex
 * attributes become one entry per sub-attribute (`name.givenName`), and
 * multi-valued complex attributes become jsonArray entries. Attributes
 * returned "never", such as password, get no entry, so filters cannot probe
 * them. Spread other mappings after these entries, with the same key
 * spelling, to override attributes stored elsewhere.
 */
export function mapSchemaToJsonDocument(
  schema: SchemaDefinition,
  column: string,
  options: JsonDocumentMappingOptions = {},
): Record<string, AttributeMapping> {
  const keyPrefix = options.extension ? `${schema.id}:` : '';
  const pathPrefix = options.extension ? [schema.id] : [];
  const entries: Record<string, AttributeMapping> = {};

  for (const attribute of schema.attributes.filter(isFilterable)) {
    const key = `${keyPrefix}${attribute.name}`;
    const path = [...pathPrefix, attribute.name];
    if (attribute.type !== 'complex') {
      // NOTE: multi-valued simple attributes get no entry, because no mapping
      // kind compares arrays of scalars. The core User and Group schemas have none.
      if (!attribute.multiValued)
        entries[key] = jsonValueMapping(attribute, column, path, attribute.type);
    } else if (attribute.multiValued) {
      entries[key] = {
        kind: 'jsonArray',
        column,
        path,
        subAttributes: elementAttributes(attribute),
      };
    } else {
      for (const sub of scalarSubAttributes(attribute)) {
        entries[`${key}.${sub.name}`] = jsonValueMapping(
          sub,
          column,
          [...path, sub.name],
          sub.type,
        );
      }
    }
  }
  return entries;
}

function isFilterable(attribute: AttributeDefinition): boolean {
  return attribute.returned !== 'never';
}

function isScalarType(type: AttributeType): type is ScalarAttributeType {
  return type !== 'complex';
}

function scalarSubAttributes(
  attribute: AttributeDefinition,
): (AttributeDefinition & { type: ScalarAttributeType })[] {
  const subAttributes = (attribute.subAttributes ?? []).filter(isFilterable);
  return subAttributes.filter((sub): sub is AttributeDefinition & { type: ScalarAttributeType } =>
    isScalarType(sub.type),
  );
}

function elementAttributes(attribute: AttributeDefinition): Record<string, JsonElementAttribute> {
  const subAttributes: Record<string, JsonElementAttribute> = {};
  for (const sub of scalarSubAttributes(attribute)) {
    subAttributes[sub.name] = { type: sub.type, caseExact: sub.caseExact };
  }
  return subAttributes;
}

function jsonValueMapping(
  attribute: AttributeDefinition,
  column: string,
  path: string[],
  type: ScalarAttributeType,
): AttributeMapping {
  const mapping: AttributeMapping = {
    kind: 'jsonValue',
    column,
    path,
    type,
    caseExact: attribute.caseExact,
  };
  if (type === 'dateTime') mapping.dateTimeStorage = 'isoText';
  return mapping;
}
