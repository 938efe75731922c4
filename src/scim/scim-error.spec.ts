import { ScimError } from './scim-error';

describe(ScimError.name, () => {
  it('builds an RFC 7644 error body', () => {
    const error = ScimError.uniqueness('userName "a" is taken');

    expect(error.toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName "a" is taken',
    });
  });

  it('rejects a scimType that does not fit the status', () => {
    expect(() => new ScimError(409, 'x', 'invalidFilter')).toThrow(TypeError);
  });
});
