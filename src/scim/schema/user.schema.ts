import type { SchemaDefinition } from './attribute-definition';
import {
  defineAttribute,
  displaySubAttribute,
  primarySubAttribute,
  stringAttribute,
  typeSubAttribute,
} from './define-attribute';
import { USER_SCHEMA_URN } from './schema-urns';

const EMAIL_TYPES = ['work', 'home', 'other'];
const PHONE_TYPES = ['work', 'home', 'mobile', 'fax', 'pager', 'other'];
const IM_TYPES = ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'];
const PHOTO_TYPES = ['photo', 'thumbnail'];
const ADDRESS_TYPES = ['work', 'home', 'other'];

/**
 * The core User schema of RFC 7643 section 8.7.1 as this service implements
 * it. Where the service differs from the RFC text, the definition states what
 * the service does. userName is unique per organization, password is never
 * stored, and groups is computed from Group members. `addresses` also has the
 * `primary` sub-attribute that section 4.1.2 lists and section 8.7.1 omits.
 */
export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    defineAttribute({
      name: 'userName',
      type: 'string',
      description:
        'Unique name the user signs in with. Required and non-empty. Unique within the organization, ' +
        'compared without regard to case. Leading and trailing spaces are removed.',
      required: true,
      uniqueness: 'server',
    }),
    defineAttribute({
      name: 'name',
      type: 'complex',
      description: "The components of the user's real name.",
      subAttributes: [
        stringAttribute('formatted', 'The full name, formatted for display.'),
        stringAttribute('familyName', 'The family name, or last name in most Western languages.'),
        stringAttribute('givenName', 'The given name, or first name in most Western languages.'),
        stringAttribute('middleName', 'The middle name or names.'),
        stringAttribute('honorificPrefix', 'Honorific prefixes, such as "Ms.".'),
        stringAttribute('honorificSuffix', 'Honorific suffixes, such as "III".'),
      ],
    }),
    stringAttribute('displayName', 'The name of the user for display to end users.'),
    stringAttribute('nickName', 'The casual name of the user, such as "Bob" for "Robert".'),
    defineAttribute({
      name: 'profileUrl',
      type: 'reference',
      referenceTypes: ['external'],
      description: "URL of the user's online profile.",
    }),
    stringAttribute('title', 'The job title of the user, such as "Vice President".'),
    stringAttribute(
      'userType',
      'The relationship of the user to the organization, such as "Employee" or "Contractor".',
    ),
    stringAttribute(
      'preferredLanguage',
      'The preferred written or spoken language, such as "en-US".',
    ),
    stringAttribute(
      'locale',
      'The default location for formatting currency, dates and numbers, such as "en-US".',
    ),
    stringAttribute(
      'timezone',
      'Time zone in IANA time zone database format, such as "America/Los_Angeles".',
    ),
    defineAttribute({
      name: 'active',
      type: 'boolean',
      description: 'Whether the organization membership is active. False suspends the member.',
    }),
    defineAttribute({
      name: 'password',
      type: 'string',
      description:
        'Accepted for compatibility with clients that send one, then discarded. The service never stores it.',
      mutability: 'writeOnly',
      returned: 'never',
    }),
    defineAttribute({
      name: 'emails',
      type: 'complex',
      multiValued: true,
      description: 'Email addresses of the user.',
      subAttributes: [
        stringAttribute('value', 'An email address.'),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of address, such as "work".', EMAIL_TYPES),
        primarySubAttribute('Whether this is the preferred address. At most one email is primary.'),
      ],
    }),
    defineAttribute({
      name: 'phoneNumbers',
      type: 'complex',
      multiValued: true,
      description: 'Phone numbers of the user.',
      subAttributes: [
        stringAttribute(
          'value',
          'A phone number, preferably in RFC 3966 form such as "tel:+1-201-555-0123".',
        ),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of number, such as "mobile".', PHONE_TYPES),
        primarySubAttribute('Whether this is the preferred number. At most one number is primary.'),
      ],
    }),
    defineAttribute({
      name: 'ims',
      type: 'complex',
      multiValued: true,
      description: 'Instant messaging addresses of the user.',
      subAttributes: [
        stringAttribute('value', 'An instant messaging address.'),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The messaging service, such as "xmpp".', IM_TYPES),
        primarySubAttribute(
          'Whether this is the preferred address. At most one address is primary.',
        ),
      ],
    }),
    defineAttribute({
      name: 'photos',
      type: 'complex',
      multiValued: true,
      description: 'Photos of the user.',
      subAttributes: [
        defineAttribute({
          name: 'value',
          type: 'reference',
          referenceTypes: ['external'],
          description: 'URL of a photo.',
        }),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of image, "photo" or "thumbnail".', PHOTO_TYPES),
        primarySubAttribute('Whether this is the preferred photo. At most one photo is primary.'),
      ],
    }),
    defineAttribute({
      name: 'addresses',
      type: 'complex',
      multiValued: true,
      description: 'Physical mailing addresses of the user.',
      subAttributes: [
        stringAttribute(
          'formatted',
          'The full address, formatted for display or a mailing label. May contain newlines.',
        ),
        stringAttribute(
          'streetAddress',
          'The street address, which may include house number, street and P.O. box.',
        ),
        stringAttribute('locality', 'The city or locality.'),
        stringAttribute('region', 'The state or region.'),
        stringAttribute('postalCode', 'The zip code or postal code.'),
        stringAttribute('country', 'The country.'),
        typeSubAttribute('The kind of address, such as "work".', ADDRESS_TYPES),
        primarySubAttribute(
          'Whether this is the preferred address. At most one address is primary.',
        ),
      ],
    }),
    defineAttribute({
      name: 'groups',
      type: 'complex',
      multiValued: true,
      description:
        'The Groups the user is a member of. Computed by the service from Group members, ' +
        'so a value sent by a client is ignored.',
      mutability: 'readOnly',
      subAttributes: [
        defineAttribute({
          name: 'value',
          type: 'string',
          description: 'The id of the Group.',
          caseExact: true,
          mutability: 'readOnly',
        }),
        defineAttribute({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['Group'],
          description: 'URI of the Group.',
          caseExact: true,
          mutability: 'readOnly',
        }),
        displaySubAttribute('The displayName of the Group.', { mutability: 'readOnly' }),
        typeSubAttribute(
          'How the user is a member: "direct" or "indirect".',
          ['direct', 'indirect'],
          {
            mutability: 'readOnly',
          },
        ),
      ],
    }),
    defineAttribute({
      name: 'entitlements',
      type: 'complex',
      multiValued: true,
      description: 'Entitlements of the user, each a thing the user has.',
      subAttributes: [
        stringAttribute('value', 'The entitlement.'),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of entitlement.'),
        primarySubAttribute('Whether this is the primary entitlement. At most one is primary.'),
      ],
    }),
    defineAttribute({
      name: 'roles',
      type: 'complex',
      multiValued: true,
      description: 'Roles of the user, which together say who the user is, such as "Student".',
      subAttributes: [
        stringAttribute('value', 'The role.'),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of role.'),
        primarySubAttribute('Whether this is the primary role. At most one is primary.'),
      ],
    }),
    defineAttribute({
      name: 'x509Certificates',
      type: 'complex',
      multiValued: true,
      description: 'X.509 certificates issued to the user.',
      subAttributes: [
        defineAttribute({
          name: 'value',
          type: 'binary',
          description: 'One DER-encoded X.509 certificate in base64.',
          caseExact: true,
        }),
        displaySubAttribute('A name for display.'),
        typeSubAttribute('The kind of certificate.'),
        primarySubAttribute('Whether this is the primary certificate. At most one is primary.'),
      ],
    }),
  ],
};
