import type { ScimType } from '../scim-error';
import { applyPatchWithHandlers, AttributeHandler, planPatch } from './apply-patch';
import type { AttributeIntent } from './attribute-intent';
import { parsePatchRequest } from './parse-patch-request';
import type { ScimDocument } from './patch-operation';
import { catchScimError, catchScimErrorAsync, patchBody } from './testing/patch-helpers.fixture';
import {
  GROUP_CONTEXT,
  storedGroup,
  storedUser,
  USER_CONTEXT,
} from './testing/patch-schemas.fixture';

/** Applies a Group PATCH with a `members` handler that records the intents it receives. */
async function patchGroup(
  operations: unknown[],
  document: ScimDocument = storedGroup(),
): Promise<{ document: ScimDocument; intents: AttributeIntent[] }> {
  const intents: AttributeIntent[] = [];
  const result = await applyPatchWithHandlers(
    document,
    parsePatchRequest(patchBody(operations)),
    GROUP_CONTEXT,
    {
      members: (intent) => {
        intents.push(intent);
      },
    },
  );
  return { document: result, intents };
}

describe(applyPatchWithHandlers.name, () => {
  it.each<[string, unknown[], AttributeIntent]>([
    [
      'add with path',
      [{ op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }],
      {
        kind: 'add',
        attribute: 'members',
        path: 'members',
        values: [{ value: 'u1' }, { value: 'u2' }],
      },
    ],
    [
      'add without path',
      [{ op: 'add', value: { members: [{ value: 'u1' }] } }],
      { kind: 'add', attribute: 'members', path: 'members', values: [{ value: 'u1' }] },
    ],
    [
      'add drops readOnly display',
      [{ op: 'add', path: 'members', value: [{ value: 'u1', display: 'Ann' }] }],
      { kind: 'add', attribute: 'members', path: 'members', values: [{ value: 'u1' }] },
    ],
    [
      'remove by value filter',
      [{ op: 'Remove', path: 'members[value eq "u1"]' }],
      {
        kind: 'removeMatching',
        attribute: 'members',
        path: 'members[value eq "u1"]',
        filter: {
          kind: 'comparison',
          attribute: { attribute: 'value' },
          operator: 'eq',
          value: 'u1',
        },
      },
    ],
    [
      'remove with value list',
      [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }],
      {
        kind: 'removeValues',
        attribute: 'members',
        path: 'members',
        values: [{ value: 'u1' }, { value: 'u2' }],
      },
    ],
    [
      'remove without value',
      [{ op: 'remove', path: 'members' }],
      { kind: 'clear', attribute: 'members', path: 'members' },
    ],
    [
      'replace with list',
      [{ op: 'replace', path: 'members', value: [{ value: 'u3' }] }],
      { kind: 'replace', attribute: 'members', path: 'members', values: [{ value: 'u3' }] },
    ],
    [
      'replace with empty list',
      [{ op: 'replace', path: 'members', value: [] }],
      { kind: 'clear', attribute: 'members', path: 'members' },
    ],
    [
      'replace with null',
      [{ op: 'replace', value: { members: null } }],
      { kind: 'clear', attribute: 'members', path: 'members' },
    ],
  ])('passes %s intent', async (_case, operations, expected) => {
    const { intents } = await patchGroup(operations);

    expect(intents).toEqual([expected]);
  });

  it('normalizes filter names', async () => {
    const { intents } = await patchGroup([{ op: 'remove', path: 'MEMBERS[VALUE eq "u1"]' }]);

    expect(intents).toEqual([
      {
        kind: 'removeMatching',
        attribute: 'members',
        path: 'MEMBERS[VALUE eq "u1"]',
        filter: {
          kind: 'comparison',
          attribute: { attribute: 'value' },
          operator: 'eq',
          value: 'u1',
        },
      },
    ]);
  });

  it('skips add of no values', async () => {
    const { intents } = await patchGroup([{ op: 'add', path: 'members', value: [] }]);

    expect(intents).toEqual([]);
  });

  it('applies other attributes in memory', async () => {
    const { document, intents } = await patchGroup([
      { op: 'replace', value: { id: 'e9e30dba', displayName: 'Platform' } },
      { op: 'add', path: 'members', value: [{ value: 'u1' }] },
    ]);

    expect(document.displayName).toBe('Platform');
    expect(document).not.toHaveProperty('members');
    expect(intents.map((intent) => intent.kind)).toEqual(['add']);
  });

  it('leaves loaded members to handler', async () => {
    const group = { ...storedGroup(), members: [{ value: 'u1' }] };

    const { document } = await patchGroup([{ op: 'remove', path: 'members' }], group);

    expect(document.members).toEqual([{ value: 'u1' }]);
  });

  it('passes intents in request order', async () => {
    const { intents } = await patchGroup([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'add', path: 'members', value: [{ value: 'u2' }] },
      { op: 'remove', path: 'members' },
    ]);

    expect(intents.map((intent) => intent.kind)).toEqual(['removeMatching', 'add', 'clear']);
  });

  it('awaits each handler before the next', async () => {
    const events: string[] = [];
    const handler: AttributeHandler = async (intent) => {
      events.push(`start ${intent.kind}`);
      await new Promise((resolve) => setTimeout(resolve, intent.kind === 'add' ? 20 : 0));
      events.push(`end ${intent.kind}`);
    };
    const operations = parsePatchRequest(
      patchBody([
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
        { op: 'remove', path: 'members[value eq "u1"]' },
      ]),
    );

    await applyPatchWithHandlers(storedGroup(), operations, GROUP_CONTEXT, { members: handler });

    expect(events).toEqual(['start add', 'end add', 'start removeMatching', 'end removeMatching']);
  });

  it('matches handler name in any case', async () => {
    const intents: AttributeIntent[] = [];
    const operations = parsePatchRequest(patchBody([{ op: 'remove', path: 'members' }]));

    await applyPatchWithHandlers(storedGroup(), operations, GROUP_CONTEXT, {
      MEMBERS: (intent) => {
        intents.push(intent);
      },
    });

    expect(intents).toHaveLength(1);
  });

  it('runs no handler when a later op fails', async () => {
    const intents: AttributeIntent[] = [];
    const group = storedGroup();
    const operations = parsePatchRequest(
      patchBody([
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
        { op: 'replace', path: 'displayName', value: 'Platform' },
        { op: 'remove', path: 'displayName' },
      ]),
    );

    const error = await catchScimErrorAsync(() =>
      applyPatchWithHandlers(group, operations, GROUP_CONTEXT, {
        members: (intent) => {
          intents.push(intent);
        },
      }),
    );

    expect(error.scimType).toBe('mutability');
    expect(intents).toEqual([]);
    expect(group).toEqual(storedGroup());
  });

  it('propagates handler rejection', async () => {
    const operations = parsePatchRequest(patchBody([{ op: 'remove', path: 'members' }]));

    const outcome = applyPatchWithHandlers(storedGroup(), operations, GROUP_CONTEXT, {
      members: () => Promise.reject(new Error('database unavailable')),
    });

    await expect(outcome).rejects.toThrow('database unavailable');
  });

  it.each<[string, unknown[], ScimType]>([
    [
      'sub-attribute after filter',
      [{ op: 'replace', path: 'members[value eq "u1"].type', value: 'User' }],
      'invalidPath',
    ],
    [
      'add through filter',
      [{ op: 'add', path: 'members[value eq "u1"]', value: { value: 'u1' } }],
      'invalidPath',
    ],
    ['sub-attribute without filter', [{ op: 'remove', path: 'members.type' }], 'invalidPath'],
    [
      'member value as number',
      [{ op: 'add', path: 'members', value: [{ value: 5 }] }],
      'invalidValue',
    ],
    [
      'member without value',
      [{ op: 'add', path: 'members', value: [{ type: 'User' }] }],
      'invalidValue',
    ],
    [
      'unknown filter sub-attribute',
      [{ op: 'remove', path: 'members[id eq "u1"]' }],
      'invalidPath',
    ],
  ])('rejects %s', async (_case, operations, scimType) => {
    const error = await catchScimErrorAsync(() => patchGroup(operations));

    expect(error.scimType).toBe(scimType);
  });

  it.each(['displayName', 'name.givenName', 'unknown'])('rejects handler name %s', async (name) => {
    const operations = parsePatchRequest(patchBody([]));

    const outcome = applyPatchWithHandlers(storedUser(), operations, USER_CONTEXT, {
      [name]: () => undefined,
    });

    await expect(outcome).rejects.toThrow(TypeError);
  });
});

describe(planPatch.name, () => {
  it('returns intents without running handlers', () => {
    const operations = parsePatchRequest(
      patchBody([
        { op: 'replace', path: 'displayName', value: 'Platform' },
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
      ]),
    );

    const plan = planPatch(storedGroup(), operations, GROUP_CONTEXT, ['members']);

    expect(plan.document.displayName).toBe('Platform');
    expect(plan.intents).toEqual([
      { kind: 'add', attribute: 'members', path: 'members', values: [{ value: 'u1' }] },
    ]);
  });

  it('applies handled attribute in memory when not handled', () => {
    const operations = parsePatchRequest(
      patchBody([{ op: 'add', path: 'members', value: [{ value: 'u1' }] }]),
    );

    const plan = planPatch(storedGroup(), operations, GROUP_CONTEXT, []);

    expect(plan.document.members).toEqual([{ value: 'u1' }]);
    expect(plan.intents).toEqual([]);
  });

  it('rejects handled op before returning', () => {
    const operations = parsePatchRequest(
      patchBody([{ op: 'add', path: 'members', value: [{ value: 5 }] }]),
    );

    const error = catchScimError(() =>
      planPatch(storedGroup(), operations, GROUP_CONTEXT, ['members']),
    );

    expect(error.scimType).toBe('invalidValue');
  });
});
