import type { SchemaDefinition } from './attribute-definition';
import { defineAttribute, displaySubAttribute, typeSubAttribute } from './define-attribute';
import { GROUP_SCHEMA_URN } from './schema-urns';

/**
 * The core Group schema of RFC 7643 section 8.7.1 as this service implements
 * it. displayName is required and unique per connection, and members have the
 * readOnly `display` sub-attribute that RFC 7643 section 4.2 describes.
 */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    defineAttribute({
      name: 'displayName',
      type: 'string',
      description:
        'Name of the Group. Required and non-empty. Unique within the connection, compared without ' +
        'regard to case. Leading and trailing spaces are removed.',
      required: true,
      uniqueness: 'server',
    }),
    defineAttribute({
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'Members of the Group.',
      subAttributes: [
        defineAttribute({
          name: 'value',
          type: 'string',
          description: 'The id of the member resource.',
          required: true,
          caseExact: true,
          mutability: 'immutable',
        }),
        defineAttribute({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          description: 'URI of the member resource.',
          caseExact: true,
          mutability: 'immutable',
        }),
        displaySubAttribute('The displayName or userName of the member.', {
          mutability: 'readOnly',
        }),
        typeSubAttribute('The resource type of the member, "User" or "Group".', ['User', 'Group'], {
          mutability: 'immutable',
        }),
      ],
    }),
  ],
};
