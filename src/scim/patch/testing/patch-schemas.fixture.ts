import type { AttributeDefinition, SchemaDefinition } from '../../schema/attribute-definition';
import type { PatchSchemaContext } from '../schema-context';

// Small User- and Group-like schemas for the PATCH engine specs, so that the
// specs do not depend on the service's published schema constants.

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

function attribute(
  name: string,
  type: AttributeDefinition['type'],
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: `${name} for PATCH specs`,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const USER_SCHEMA_FIXTURE: SchemaDefinition = {
  id: USER_URN,
  name: 'User',
  description: 'User account',
  attributes: [
    attribute('userName', 'string', { required: true, uniqueness: 'server' }),
    attribute('name', 'complex', {
      subAttributes: [attribute('givenName', 'string'), attribute('familyName', 'string')],
    }),
    attribute('displayName', 'string'),
    attribute('active', 'boolean'),
    attribute('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
    attribute('badgeNumber', 'string', { mutability: 'immutable' }),
    attribute('emails', 'complex', {
      multiValued: true,
      subAttributes: [
        attribute('value', 'string'),
        attribute('type', 'string'),
        attribute('primary', 'boolean'),
      ],
    }),
    attribute('tags', 'string', { multiValued: true }),
    attribute('groups', 'complex', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [attribute('value', 'string', { mutability: 'readOnly' })],
    }),
  ],
};

export const ENTERPRISE_SCHEMA_FIXTURE: SchemaDefinition = {
  id: ENTERPRISE_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise user',
  attributes: [
    attribute('department', 'string'),
    attribute('manager', 'complex', {
      subAttributes: [
        attribute('value', 'string', { required: true }),
        attribute('displayName', 'string', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

export const GROUP_SCHEMA_FIXTURE: SchemaDefinition = {
  id: GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', { required: true }),
    attribute('members', 'complex', {
      multiValued: true,
      subAttributes: [
        attribute('value', 'string', { mutability: 'immutable', caseExact: true, required: true }),
        attribute('display', 'string', { mutability: 'readOnly' }),
        attribute('type', 'string', { mutability: 'immutable' }),
      ],
    }),
  ],
};

export const USER_CONTEXT: PatchSchemaContext = {
  schema: USER_SCHEMA_FIXTURE,
  extensions: [ENTERPRISE_SCHEMA_FIXTURE],
};

export const GROUP_CONTEXT: PatchSchemaContext = { schema: GROUP_SCHEMA_FIXTURE };

/** Returns a fresh stored user with one home email and an enterprise manager. */
export function storedUser(): Record<string, unknown> {
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    id: '2819c223',
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    active: true,
    badgeNumber: 'B-100',
    emails: [{ value: 'bjensen@home.example', type: 'home', primary: true }],
    groups: [{ value: 'g1' }],
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00.000Z' },
    [ENTERPRISE_URN]: { department: 'Sales', manager: { value: 'm1', displayName: 'Mia Manager' } },
  };
}

/** Returns a fresh stored group without members, as the Groups service loads it. */
export function storedGroup(): Record<string, unknown> {
  return {
    schemas: [GROUP_URN],
    id: 'e9e30dba',
    displayName: 'Engineering',
    meta: { resourceType: 'Group' },
  };
}
