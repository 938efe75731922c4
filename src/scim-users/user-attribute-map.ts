import type { AttributeMap, SqlDialect } from '../scim/filter/attribute-map';
import { mapSchemaToJsonDocument } from '../scim/filter/schema-attribute-map';
import { ENTERPRISE_USER_SCHEMA } from '../scim/schema/enterprise-user.schema';
import { USER_SCHEMA_URN } from '../scim/schema/schema-urns';
import { USER_SCHEMA } from '../scim/schema/user.schema';

/** Alias of the members table in User queries; filter and sort SQL refer to it. */
export const USER_TABLE_ALIAS = 'm';

/**
 * The JSON document that `emails` filters and sorting read. A member added in
 * Strada rather than over SCIM has no document, and toScimUser shows their
 * email as their one work email, so filters see that email too.
 */
const EMAILS_DOCUMENT: Readonly<Record<SqlDialect, string>> = {
  sqlite:
    'COALESCE(m.scim_attributes, json_object(' +
    "'emails', json_array(json_object('value', m.email, 'type', 'work', 'primary', json('true')))))",
  postgres:
    'COALESCE(m.scim_attributes, CAST(jsonb_build_object(' +
    "'emails', jsonb_build_array(jsonb_build_object('value', m.email, 'type', 'work', 'primary', true))) AS text))",
};

/**
 * Builds the map of where each User attribute lives for filters and sorting:
 * columns for the attributes the service indexes or owns, the JSON document
 * for everything else the identity provider sent.
 */
function buildUserAttributeMap(dialect: SqlDialect): AttributeMap {
  const emails = mapSchemaToJsonDocument(USER_SCHEMA, EMAILS_DOCUMENT[dialect]).emails;
  return {
    coreSchema: USER_SCHEMA_URN,
    attributes: {
      ...mapSchemaToJsonDocument(USER_SCHEMA, 'm.scim_attributes'),
      ...mapSchemaToJsonDocument(ENTERPRISE_USER_SCHEMA, 'm.scim_attributes', { extension: true }),
      emails,
      groups: {
        kind: 'relatedRows',
        subAttributes: {
          value: { expression: 'CAST(ug.group_id AS TEXT)', type: 'string', caseExact: true },
          display: { expression: 'ugg.display_name', type: 'string', caseExact: false },
        },
        source: () => ({
          from: 'scim_group_members ug JOIN scim_groups ugg ON ugg.id = ug.group_id',
          where: 'ug.member_id = m.id',
        }),
      },
      id: { kind: 'column', expression: 'CAST(m.id AS TEXT)', type: 'string', caseExact: true },
      userName: { kind: 'column', expression: 'm.user_name', type: 'string', caseExact: false },
      displayName: {
        kind: 'column',
        expression: 'm.display_name',
        type: 'string',
        caseExact: false,
      },
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
}

/** The User attribute map of each SQL dialect; they differ only in the document of `emails`. */
export const USER_ATTRIBUTE_MAPS: Readonly<Record<SqlDialect, AttributeMap>> = {
  sqlite: buildUserAttributeMap('sqlite'),
  postgres: buildUserAttributeMap('postgres'),
};
