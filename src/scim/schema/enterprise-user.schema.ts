import type { SchemaDefinition } from './attribute-definition';
import { defineAttribute, stringAttribute } from './define-attribute';
import { ENTERPRISE_USER_SCHEMA_URN } from './schema-urns';

/**
 * The enterprise User extension of RFC 7643 section 8.7.1 as this service
 * implements it. The service stores the manager as `{ value }` only, so
 * `manager.$ref` and `manager.displayName` are readOnly here, and
 * `manager.value` is required whenever a manager is set.
 */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    stringAttribute(
      'employeeNumber',
      'Identifier of the person in the organization, often assigned in order of hire.',
    ),
    stringAttribute('costCenter', 'The name of a cost center.'),
    stringAttribute('organization', 'The name of an organization.'),
    stringAttribute('division', 'The name of a division.'),
    stringAttribute('department', 'The name of a department.'),
    defineAttribute({
      name: 'manager',
      type: 'complex',
      description:
        "The user's manager, another User of this organization. A client may send the manager's id " +
        'as a plain string in place of the object.',
      subAttributes: [
        defineAttribute({
          name: 'value',
          type: 'string',
          description: "The id of the manager's User.",
          required: true,
          caseExact: true,
        }),
        defineAttribute({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User'],
          description: "URI of the manager's User. Ignored on input.",
          caseExact: true,
          mutability: 'readOnly',
        }),
        defineAttribute({
          name: 'displayName',
          type: 'string',
          description: "The displayName of the manager's User.",
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};
