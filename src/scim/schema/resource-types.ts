import { buildLocation } from './discovery-location';
import { RESOURCE_TYPE_DEFINITIONS, type ResourceTypeDefinition } from './schema-registry';
import { RESOURCE_TYPE_SCHEMA_URN } from './schema-urns';

/** A /ResourceTypes entry of RFC 7643 section 6. */
export interface ResourceTypeRepresentation {
  schemas: string[];
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions?: { schema: string; required: boolean }[];
  meta: { resourceType: 'ResourceType'; location: string };
}

/** Builds the /ResourceTypes entries: User with the enterprise extension, and Group. */
export function buildResourceTypes(baseUrl: string): ResourceTypeRepresentation[] {
  return Object.values(RESOURCE_TYPE_DEFINITIONS).map((definition) =>
    buildResourceType(baseUrl, definition),
  );
}

/**
 * Builds the /ResourceTypes/{id} entry whose id matches, ignoring case, or
 * returns undefined for an unknown id.
 */
export function findResourceType(
  baseUrl: string,
  id: string,
): ResourceTypeRepresentation | undefined {
  const lowerId = id.toLowerCase();
  const definition = Object.values(RESOURCE_TYPE_DEFINITIONS).find(
    (candidate) => candidate.name.toLowerCase() === lowerId,
  );
  return definition === undefined ? undefined : buildResourceType(baseUrl, definition);
}

function buildResourceType(
  baseUrl: string,
  definition: ResourceTypeDefinition,
): ResourceTypeRepresentation {
  const representation: ResourceTypeRepresentation = {
    schemas: [RESOURCE_TYPE_SCHEMA_URN],
    id: definition.name,
    name: definition.name,
    endpoint: definition.endpoint,
    description: definition.description,
    schema: definition.schema.id,
    meta: {
      resourceType: 'ResourceType',
      location: buildLocation(baseUrl, 'ResourceTypes', definition.name),
    },
  };
  if (definition.extensions.length > 0) {
    representation.schemaExtensions = definition.extensions.map((extension) => ({
      schema: extension.schema.id,
      required: extension.required,
    }));
  }
  return representation;
}
