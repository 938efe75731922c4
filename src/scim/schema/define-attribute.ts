import type { AttributeDefinition } from './attribute-definition';

/** The characteristics a definition must state; all others have defaults. */
export type AttributeSpec = Pick<AttributeDefinition, 'name' | 'type' | 'description'> &
  Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/**
 * Builds an attribute definition. Characteristics the spec leaves out take the
 * defaults of RFC 7643 section 2.2: single-valued, optional, caseExact false,
 * readWrite, returned by default, no uniqueness. Optional keys that the spec
 * leaves out are absent rather than undefined, because /Schemas publishes
 * these objects as they are.
 */
export function defineAttribute(spec: AttributeSpec): AttributeDefinition {
  const definition: AttributeDefinition = {
    name: spec.name,
    type: spec.type,
    multiValued: spec.multiValued ?? false,
    description: spec.description,
    required: spec.required ?? false,
    caseExact: spec.caseExact ?? false,
    mutability: spec.mutability ?? 'readWrite',
    returned: spec.returned ?? 'default',
    uniqueness: spec.uniqueness ?? 'none',
  };
  if (spec.canonicalValues !== undefined) definition.canonicalValues = spec.canonicalValues;
  if (spec.referenceTypes !== undefined) definition.referenceTypes = spec.referenceTypes;
  if (spec.subAttributes !== undefined) definition.subAttributes = spec.subAttributes;
  return definition;
}

/** Builds a readWrite, optional, single-valued string attribute with default characteristics. */
export function stringAttribute(name: string, description: string): AttributeDefinition {
  return defineAttribute({ name, type: 'string', description });
}

/** Builds the `display` sub-attribute that RFC 7643 section 2.4 gives multi-valued attributes. */
export function displaySubAttribute(
  description: string,
  overrides: Partial<AttributeSpec> = {},
): AttributeDefinition {
  return defineAttribute({ name: 'display', type: 'string', description, ...overrides });
}

/** Builds the `type` sub-attribute of RFC 7643 section 2.4, with its suggested values. */
export function typeSubAttribute(
  description: string,
  canonicalValues?: string[],
  overrides: Partial<AttributeSpec> = {},
): AttributeDefinition {
  return defineAttribute({
    name: 'type',
    type: 'string',
    description,
    canonicalValues,
    ...overrides,
  });
}

/** Builds the `primary` sub-attribute of RFC 7643 section 2.4. */
export function primarySubAttribute(description: string): AttributeDefinition {
  return defineAttribute({ name: 'primary', type: 'boolean', description });
}
