export { applyPatch, applyPatchWithHandlers, planPatch } from './apply-patch';
export type { AttributeHandler, AttributeHandlers, PatchPlan } from './apply-patch';
export type {
  AddIntent,
  AttributeIntent,
  ClearIntent,
  RemoveMatchingIntent,
  RemoveValuesIntent,
  ReplaceIntent,
} from './attribute-intent';
export type { ScimValue } from './normalize-value';
export { parsePatchRequest } from './parse-patch-request';
export type { PatchOperation, PatchOperationType, ScimDocument } from './patch-operation';
export type { PatchSchemaContext } from './schema-context';
