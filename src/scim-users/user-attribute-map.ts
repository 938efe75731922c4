import type { AttributeMap } from '../scim/filter/attribute-map';
import { mapSchemaToJsonDocument } from '../scim/filter/schema-attribute-map';
import { ENTERPRISE_USER_SCHEMA } from '../scim/schema/enterprise-user.schema';
import { USER_SCHEMA_URN } from '../scim/schema/schema-urns';
import { USER_SCHEMA } from '../scim/schema/user.schema';

/** Alias of the members table in User queries; filter and sort SQL refer to it. */
export const USER_TABLE_ALIAS = 'm';

/**
 * Where each User attribute lives for filters and sorting: columns for the
 * attributes the service indexes or owns, the JSON document for everything
 * else the identity provider sent.
 */
export const USER_ATTRIBUTE_MAP: AttributeMap = {
  coreSchema: USER_SCHEMA_URN,
  attributes: {
    ...mapSchemaToJsonDocument(USER_SCHEMA, 'm.scim_attributes'),
    ...mapSchemaToJsonDocument(ENTERPRISE_USER_SCHEMA, 'm.scim_attributes', { extension: true }),
    id: { kind: 'column', expression: 'CAST(m.id AS TEXT)', type: 'string', caseExact: true },
    userName: { kind: 'column', expression: 'm.user_name', type: 'string', caseExact: false },
    displayName: { kind: 'column', expression: 'm.display_name', type: 'string', caseExact: false },
    externalId: { kind: 'column', expression: 'm.external_id', type: 'string', caseExact: true },
    active: { kind: 'booleanExpression', expression: "m.status = 'active'" },
    'meta.created': {
      kind: 'column',
      expression: 'm.created_at',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
    'meta.lastModified': {
      kind: 'column',
      expression: 'm.updated_at',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
  },
};
