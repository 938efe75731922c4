import { buildServiceProviderConfig } from './service-provider-config';

const BASE_URL = 'https://scim.example.com/scim/v2/c-1';

describe(buildServiceProviderConfig.name, () => {
  const config = buildServiceProviderConfig({ baseUrl: BASE_URL, maxResults: 200 });

  it('names its schema', () => {
    expect(config.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
  });

  it.each([
    ['patch', true],
    ['bulk', false],
    ['filter', true],
    ['changePassword', false],
    ['sort', true],
    ['etag', true],
  ] as const)('states %s supported %s', (feature, supported) => {
    expect(config[feature].supported).toBe(supported);
  });

  it('states the filter maxResults', () => {
    expect(config.filter.maxResults).toBe(200);
  });

  it('states no bulk limits', () => {
    expect(config.bulk.maxOperations).toBe(0);
    expect(config.bulk.maxPayloadSize).toBe(0);
  });

  it('offers one bearer scheme', () => {
    expect(config.authenticationSchemes).toEqual([
      expect.objectContaining({
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        primary: true,
      }),
    ]);
  });

  it('describes the bearer scheme', () => {
    expect(config.authenticationSchemes[0].description).not.toBe('');
  });

  it('builds meta from the base URL', () => {
    expect(config.meta).toEqual({
      resourceType: 'ServiceProviderConfig',
      location: `${BASE_URL}/ServiceProviderConfig`,
    });
  });

  it('ignores a trailing slash', () => {
    const withSlash = buildServiceProviderConfig({ baseUrl: `${BASE_URL}/`, maxResults: 200 });

    expect(withSlash.meta.location).toBe(`${BASE_URL}/ServiceProviderConfig`);
  });

  it('omits documentationUri unless given', () => {
    expect(config).not.toHaveProperty('documentationUri');
  });

  it('includes a given documentationUri', () => {
    const documented = buildServiceProviderConfig({
      baseUrl: BASE_URL,
      maxResults: 200,
      documentationUri: 'https://docs.example.com/scim',
    });

    expect(documented.documentationUri).toBe('https://docs.example.com/scim');
  });

  it('returns a fresh scheme list', () => {
    const first = buildServiceProviderConfig({ baseUrl: BASE_URL, maxResults: 1 });
    first.authenticationSchemes[0].name = 'changed';

    expect(
      buildServiceProviderConfig({ baseUrl: BASE_URL, maxResults: 1 }).authenticationSchemes[0]
        .name,
    ).toBe('OAuth Bearer Token');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxResults %s', (maxResults) => {
    expect(() => buildServiceProviderConfig({ baseUrl: BASE_URL, maxResults })).toThrow(RangeError);
  });
});
