export const IDENTITY_PROVIDERS = [
  { id: 'okta', displayName: 'Okta' },
  { id: 'entra_id', displayName: 'Microsoft Entra ID' },
  { id: 'jumpcloud', displayName: 'JumpCloud' },
  { id: 'onelogin', displayName: 'OneLogin' },
  { id: 'cyberark', displayName: 'CyberArk' },
  { id: 'pingfederate', displayName: 'PingFederate' },
  { id: 'rippling', displayName: 'Rippling' },
  { id: 'generic', displayName: 'Generic SCIM' },
] as const;

export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number]['id'];

export const IDENTITY_PROVIDER_IDS = IDENTITY_PROVIDERS.map((provider) => provider.id);
