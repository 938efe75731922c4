import type { PatchPath } from '../filter/filter-ast';

export type PatchOperationType = 'add' | 'replace' | 'remove';

/** One validated entry of a PatchOp request's `Operations` list. */
export interface PatchOperation {
  op: PatchOperationType;
  /** The parsed `path`, absent when the target is the resource itself. */
  path?: PatchPath;
  /** The `path` as the client sent it, quoted in error messages. */
  pathText?: string;
  /** The `value` member: `undefined` when the client sent none, `null` when it sent null. */
  value?: unknown;
}

/** A SCIM resource as JSON: core attributes at the top level, extension attributes under their schema URN. */
export type ScimDocument = Record<string, unknown>;
