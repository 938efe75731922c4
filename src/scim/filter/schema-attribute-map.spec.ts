import Database from 'better-sqlite3';
import type { AttributeMap } from './attribute-map';
import { compileFilter } from './filter-compiler';
import { parseFilter } from './filter-parser';
import { mapSchemaToJsonDocument } from './schema-attribute-map';
import {
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_URN,
  USER_SCHEMA,
  USER_SCHEMA_URN,
} from '../schema';

const COLUMN = 'm.scim_attributes';

describe(mapSchemaToJsonDocument.name, () => {
  const core = mapSchemaToJsonDocument(USER_SCHEMA, COLUMN);
  const enterprise = mapSchemaToJsonDocument(ENTERPRISE_USER_SCHEMA, COLUMN, { extension: true });

  it('maps a scalar to a JSON value', () => {
    expect(core.userName).toEqual({
      kind: 'jsonValue',
      column: COLUMN,
      path: ['userName'],
      type: 'string',
      caseExact: false,
    });
  });

  it('maps sub-attributes of a complex attribute', () => {
    expect(core['name.givenName']).toEqual({
      kind: 'jsonValue',
      column: COLUMN,
      path: ['name', 'givenName'],
      type: 'string',
      caseExact: false,
    });
    expect(core.name).toBeUndefined();
  });

  it('maps a multi-valued attribute to a JSON array', () => {
    expect(core.emails).toMatchObject({ kind: 'jsonArray', column: COLUMN, path: ['emails'] });
    expect(core.emails).toMatchObject({
      subAttributes: { primary: { type: 'boolean', caseExact: false } },
    });
    expect(core.x509Certificates).toMatchObject({
      subAttributes: { value: { type: 'binary', caseExact: true } },
    });
  });

  it('leaves out attributes returned never', () => {
    expect(core.password).toBeUndefined();
  });

  it('keys extension attributes by URN', () => {
    expect(enterprise[`${ENTERPRISE_USER_SCHEMA_URN}:manager.value`]).toEqual({
      kind: 'jsonValue',
      column: COLUMN,
      path: [ENTERPRISE_USER_SCHEMA_URN, 'manager', 'value'],
      type: 'string',
      caseExact: true,
    });
    expect(enterprise.employeeNumber).toBeUndefined();
  });

  it('builds a map that filters stored documents', () => {
    const map: AttributeMap = {
      coreSchema: USER_SCHEMA_URN,
      attributes: { ...core, ...enterprise },
    };
    const db = new Database(':memory:');
    db.function('lower', { deterministic: true }, (text: unknown) =>
      text == null ? null : String(text).toLowerCase(),
    );
    db.exec('CREATE TABLE users (id TEXT, scim_attributes TEXT)');
    const insert = db.prepare('INSERT INTO users VALUES (?, ?)');
    insert.run(
      'a',
      JSON.stringify({
        emails: [{ value: 'a@x', type: 'work' }],
        [ENTERPRISE_USER_SCHEMA_URN]: { employeeNumber: '7' },
      }),
    );
    insert.run('b', JSON.stringify({ emails: [{ value: 'b@x', type: 'home' }] }));

    const compiled = compileFilter(
      parseFilter(`emails[type eq "WORK"] and ${ENTERPRISE_USER_SCHEMA_URN}:employeeNumber eq "7"`),
      map,
      { dialect: 'sqlite' },
    );
    const ids = db
      .prepare(`SELECT m.id FROM users m WHERE ${compiled.sql}`)
      .all(compiled.parameters);
    db.close();

    expect(ids).toEqual([{ id: 'a' }]);
  });
});
