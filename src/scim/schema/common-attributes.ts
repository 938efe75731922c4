import type { AttributeDefinition } from './attribute-definition';
import { defineAttribute } from './define-attribute';

/**
 * Attributes that every User and Group has (RFC 7643 section 3.1). They are
 * not part of the published core schemas, as in RFC 7643 section 8.7.1, but
 * attribute paths, input checks and projection resolve them like core
 * attributes.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  defineAttribute({
    name: 'id',
    type: 'string',
    description: 'Identifier that the service assigns to the resource. For a User, the member id.',
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  defineAttribute({
    name: 'externalId',
    type: 'string',
    description: "Identifier of the resource in the provisioning client's own system.",
    caseExact: true,
  }),
  defineAttribute({
    name: 'meta',
    type: 'complex',
    description: 'Resource metadata that the service maintains.',
    mutability: 'readOnly',
    subAttributes: [
      defineAttribute({
        name: 'resourceType',
        type: 'string',
        description: 'Name of the resource type: User or Group.',
        caseExact: true,
        mutability: 'readOnly',
      }),
      defineAttribute({
        name: 'created',
        type: 'dateTime',
        description: 'When the resource was created.',
        mutability: 'readOnly',
      }),
      defineAttribute({
        name: 'lastModified',
        type: 'dateTime',
        description: 'When the resource was last changed.',
        mutability: 'readOnly',
      }),
      defineAttribute({
        name: 'location',
        type: 'reference',
        referenceTypes: ['uri'],
        description: 'URI of the resource.',
        caseExact: true,
        mutability: 'readOnly',
      }),
      defineAttribute({
        name: 'version',
        type: 'string',
        description: 'Weak entity tag of the current version of the resource.',
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
];
