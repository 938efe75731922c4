import type { AttributeMap, RelatedRowAttribute } from '../scim/filter/attribute-map';
import { GROUP_SCHEMA_URN } from '../scim/schema/schema-urns';

/** Alias of the groups table in Group queries; filter and sort SQL refer to it. */
export const GROUP_TABLE_ALIAS = 'g';

/** The sub-attributes of `members`, over a membership row `gm` joined to its member `gmm`. */
const MEMBER_SUB_ATTRIBUTES: Readonly<Record<string, RelatedRowAttribute>> = {
  value: { expression: 'CAST(gm.member_id AS TEXT)', type: 'string', caseExact: true },
  display: {
    expression: 'COALESCE(gmm.display_name, gmm.user_name)',
    type: 'string',
    caseExact: false,
  },
  type: { expression: "'User'", type: 'string', caseExact: false },
};

/**
 * The storage of each Group attribute for filters and sorting. `members` are
 * rows of scim_group_members, matched through an EXISTS subquery.
 */
export const GROUP_ATTRIBUTE_MAP: AttributeMap = {
  coreSchema: GROUP_SCHEMA_URN,
  attributes: {
    id: { kind: 'column', expression: 'CAST(g.id AS TEXT)', type: 'string', caseExact: true },
    displayName: {
      kind: 'column',
      expression: 'g.display_name',
      type: 'string',
      caseExact: false,
    },
    externalId: { kind: 'column', expression: 'g.external_id', type: 'string', caseExact: true },
    'meta.created': {
      kind: 'column',
      expression: 'g.created_at',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
    'meta.lastModified': {
      kind: 'column',
      expression: 'g.updated_at',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
    members: {
      kind: 'relatedRows',
      subAttributes: MEMBER_SUB_ATTRIBUTES,
      source: () => ({
        from: 'scim_group_members gm JOIN members gmm ON gmm.id = gm.member_id',
        where: 'gm.group_id = g.id AND gmm.scim_deleted_at IS NULL',
      }),
    },
  },
};

/**
 * The attributes of one `members` element for a PATCH value filter such as
 * `members[value eq "id"]`, compiled against the same `gm` and `gmm` rows.
 */
export const MEMBER_ELEMENT_ATTRIBUTE_MAP: AttributeMap = {
  coreSchema: GROUP_SCHEMA_URN,
  attributes: {
    value: { kind: 'column', ...MEMBER_SUB_ATTRIBUTES.value },
    display: { kind: 'column', ...MEMBER_SUB_ATTRIBUTES.display },
    type: { kind: 'column', ...MEMBER_SUB_ATTRIBUTES.type },
  },
};
