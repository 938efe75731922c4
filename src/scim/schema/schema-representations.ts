import type { SchemaDefinition } from './attribute-definition';
import { buildLocation } from './discovery-location';
import { PUBLISHED_SCHEMAS } from './schema-registry';
import { SCHEMA_SCHEMA_URN } from './schema-urns';

/** A /Schemas entry of RFC 7643 section 7. */
export interface SchemaRepresentation extends SchemaDefinition {
  schemas: string[];
  meta: { resourceType: 'Schema'; location: string };
}

/** Builds the /Schemas entries: core User, enterprise User extension and core Group. */
export function buildSchemaRepresentations(baseUrl: string): SchemaRepresentation[] {
  return PUBLISHED_SCHEMAS.map((schema) => buildSchemaRepresentation(baseUrl, schema));
}

/**
 * Builds the /Schemas/{id} entry whose URN matches, ignoring case, or returns
 * undefined for an unknown URN.
 */
export function findSchemaRepresentation(
  baseUrl: string,
  id: string,
): SchemaRepresentation | undefined {
  const lowerId = id.toLowerCase();
  const schema = PUBLISHED_SCHEMAS.find((candidate) => candidate.id.toLowerCase() === lowerId);
  return schema === undefined ? undefined : buildSchemaRepresentation(baseUrl, schema);
}

function buildSchemaRepresentation(
  baseUrl: string,
  schema: SchemaDefinition,
): SchemaRepresentation {
  return {
    schemas: [SCHEMA_SCHEMA_URN],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    // Copies, so that a caller that edits a response cannot change the definitions.
    attributes: structuredClone(schema.attributes),
    meta: { resourceType: 'Schema', location: buildLocation(baseUrl, 'Schemas', schema.id) },
  };
}
