import type { ScimType } from '../scim-error';
import { parsePatchRequest } from './parse-patch-request';
import { catchScimError, PATCH_OP_URN, patchBody } from './testing/patch-helpers.fixture';

describe(parsePatchRequest.name, () => {
  it('parses Entra ID capitalised ops', () => {
    const operations = parsePatchRequest(
      patchBody([
        { op: 'Add', path: 'displayName', value: 'B' },
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'REMOVE', path: 'nickName' },
      ]),
    );

    expect(operations.map((operation) => operation.op)).toEqual(['add', 'replace', 'remove']);
  });

  it('parses path into attribute reference', () => {
    const [operation] = parsePatchRequest(
      patchBody([{ op: 'add', path: 'emails[type eq "work"].value', value: 'x@y' }]),
    );

    expect(operation.pathText).toBe('emails[type eq "work"].value');
    expect(operation.path?.attribute.attribute).toBe('emails');
    expect(operation.path?.filter).toEqual({
      kind: 'comparison',
      attribute: { attribute: 'type' },
      operator: 'eq',
      value: 'work',
    });
    expect(operation.path?.subAttribute).toBe('value');
    expect(operation.value).toBe('x@y');
  });

  it('parses extension URN path', () => {
    const [operation] = parsePatchRequest(
      patchBody([
        {
          op: 'Replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
          value: 'id',
        },
      ]),
    );

    expect(operation.path?.attribute).toEqual({
      schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      attribute: 'manager',
    });
  });

  it('keeps an operation without path', () => {
    const [operation] = parsePatchRequest(patchBody([{ op: 'replace', value: { active: false } }]));

    expect(operation).toEqual({ op: 'replace', value: { active: false } });
  });

  it('keeps null value', () => {
    const [operation] = parsePatchRequest(
      patchBody([{ op: 'replace', path: 'nickName', value: null }]),
    );

    expect(operation.value).toBeNull();
  });

  it('treats null path as absent', () => {
    const [operation] = parsePatchRequest(
      patchBody([{ op: 'add', path: null, value: { nickName: 'B' } }]),
    );

    expect(operation.path).toBeUndefined();
  });

  it('accepts member names in any case', () => {
    const operations = parsePatchRequest({
      SCHEMAS: [PATCH_OP_URN.toUpperCase()],
      operations: [{ OP: 'add', PATH: 'nickName', VALUE: 'B' }],
    });

    expect(operations).toHaveLength(1);
    expect(operations[0].pathText).toBe('nickName');
    expect(operations[0].value).toBe('B');
  });

  it('accepts a body without schemas', () => {
    const operations = parsePatchRequest({ Operations: [{ op: 'remove', path: 'nickName' }] });

    expect(operations).toHaveLength(1);
  });

  it('accepts empty Operations', () => {
    expect(parsePatchRequest(patchBody([]))).toEqual([]);
  });

  it.each<[string, unknown, ScimType]>([
    ['body is an array', [], 'invalidSyntax'],
    ['body is a string', 'add', 'invalidSyntax'],
    ['body is null', null, 'invalidSyntax'],
    [
      'schemas lacks PatchOp',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [] },
      'invalidSyntax',
    ],
    ['schemas is a string', { schemas: PATCH_OP_URN, Operations: [] }, 'invalidSyntax'],
    ['Operations missing', { schemas: [PATCH_OP_URN] }, 'invalidSyntax'],
    [
      'Operations is an object',
      { schemas: [PATCH_OP_URN], Operations: { op: 'add' } },
      'invalidSyntax',
    ],
    ['Operations sent twice', { Operations: [], operations: [] }, 'invalidSyntax'],
    ['operation is a string', patchBody(['add']), 'invalidSyntax'],
    ['op missing', patchBody([{ path: 'nickName', value: 'B' }]), 'invalidSyntax'],
    ['op unknown', patchBody([{ op: 'move', path: 'nickName', value: 'B' }]), 'invalidSyntax'],
    ['op not a string', patchBody([{ op: 1, path: 'nickName', value: 'B' }]), 'invalidSyntax'],
    ['path not a string', patchBody([{ op: 'add', path: 3, value: 'B' }]), 'invalidSyntax'],
    ['add without value', patchBody([{ op: 'add', path: 'nickName' }]), 'invalidSyntax'],
    ['replace without value', patchBody([{ op: 'replace', path: 'nickName' }]), 'invalidSyntax'],
    ['no-path value is a string', patchBody([{ op: 'add', value: 'B' }]), 'invalidSyntax'],
    [
      'no-path value is an array',
      patchBody([{ op: 'replace', value: [{ active: false }] }]),
      'invalidSyntax',
    ],
    ['no-path value is null', patchBody([{ op: 'replace', value: null }]), 'invalidSyntax'],
    ['remove without path', patchBody([{ op: 'remove' }]), 'noTarget'],
    [
      'remove with value but no path',
      patchBody([{ op: 'Remove', value: { nickName: 'B' } }]),
      'noTarget',
    ],
    [
      'path with bad syntax',
      patchBody([{ op: 'add', path: 'emails[type eq', value: 'x' }]),
      'invalidPath',
    ],
    ['path empty', patchBody([{ op: 'add', path: '', value: 'x' }]), 'invalidPath'],
  ])('rejects when %s', (_case, body, scimType) => {
    const error = catchScimError(() => parsePatchRequest(body));

    expect(error.scimType).toBe(scimType);
    expect(error.status).toBe(400);
  });

  it('names the operation index in errors', () => {
    const error = catchScimError(() =>
      parsePatchRequest(
        patchBody([
          { op: 'add', path: 'a', value: 1 },
          { op: 'copy', path: 'b' },
        ]),
      ),
    );

    expect(error.detail).toContain('Operations[1]');
    expect(error.detail).toContain('"copy"');
  });
});
