import { buildLocation } from './discovery-location';
import { SERVICE_PROVIDER_CONFIG_SCHEMA_URN } from './schema-urns';

export interface ServiceProviderConfigOptions {
  /** SCIM base URL of the connection, such as `https://scim.example.com/scim/v2/<connectionId>`. */
  baseUrl: string;
  /** Maximum number of resources that one query response returns. */
  maxResults: number;
  /** Optional URL of the service's human-readable help. */
  documentationUri?: string;
}

/** The /ServiceProviderConfig representation of RFC 7643 section 5. */
export interface ServiceProviderConfig {
  schemas: string[];
  documentationUri?: string;
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: AuthenticationScheme[];
  meta: { resourceType: 'ServiceProviderConfig'; location: string };
}

export interface AuthenticationScheme {
  type: string;
  name: string;
  description: string;
  specUri?: string;
  primary?: boolean;
}

const BEARER_TOKEN_SCHEME: AuthenticationScheme = {
  type: 'oauthbearertoken',
  name: 'OAuth Bearer Token',
  description: 'Send the connection token in the Authorization header as "Bearer <token>".',
  specUri: 'https://www.rfc-editor.org/info/rfc6750',
  primary: true,
};

/**
 * Builds the /ServiceProviderConfig document: PATCH, filtering, sorting and
 * ETags are supported, bulk operations and password changes are not, and
 * clients authenticate with a bearer token. Throws RangeError when
 * `maxResults` is not a positive integer.
 */
export function buildServiceProviderConfig(
  options: ServiceProviderConfigOptions,
): ServiceProviderConfig {
  if (!Number.isInteger(options.maxResults) || options.maxResults < 1) {
    throw new RangeError(`maxResults must be a positive integer; got ${options.maxResults}`);
  }

  const config: ServiceProviderConfig = {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA_URN],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ ...BEARER_TOKEN_SCHEME }],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: buildLocation(options.baseUrl, 'ServiceProviderConfig'),
    },
  };
  if (options.documentationUri !== undefined) config.documentationUri = options.documentationUri;
  return config;
}
