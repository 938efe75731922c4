import type { AttributeDefinition } from '../schema/attribute-definition';
import { applyAttributeOperation } from './apply-attribute-operation';
import { AttributeIntent, toAttributeIntent } from './attribute-intent';
import type { AttributeTarget } from './attribute-operation';
import { expandOperation } from './expand-operation';
import type { PatchOperation, ScimDocument } from './patch-operation';
import { PatchSchemaContext, resolveAttributeName } from './schema-context';

/** Applies the intents for one attribute to storage, for example as set-based SQL on group members. */
export type AttributeHandler = (intent: AttributeIntent) => void | Promise<void>;

/** Handlers keyed by attribute name (`members`) or extension attribute URN, matched in any case. */
export type AttributeHandlers = Readonly<Record<string, AttributeHandler>>;

/** The outcome of a PATCH before any handler has run. */
export interface PatchPlan {
  /** The patched copy of the document, without changes to handled attributes. */
  document: ScimDocument;
  /** Operations on handled attributes, in request order. */
  intents: AttributeIntent[];
}

/** An attribute whose operations become intents instead of document changes. */
interface HandledAttribute {
  extensionUrn?: string;
  attribute: AttributeDefinition;
}

/**
 * Applies PATCH operations (RFC 7644 section 3.5.2) to a copy of `document`
 * and returns the copy. The input is never modified. Operations apply in
 * order to one working copy, so a ScimError from any of them leaves the caller
 * with the unchanged original.
 */
export function applyPatch(
  document: ScimDocument,
  operations: readonly PatchOperation[],
  context: PatchSchemaContext,
): ScimDocument {
  return planPatch(document, operations, context, []).document;
}

/**
 * Applies PATCH operations like `applyPatch`, except that operations on the
 * attributes named in `handledAttributes` are validated and returned as
 * intents instead of changing the document. Throws before returning anything
 * when any operation is invalid.
 */
export function planPatch(
  document: ScimDocument,
  operations: readonly PatchOperation[],
  context: PatchSchemaContext,
  handledAttributes: readonly string[],
): PatchPlan {
  const handled = handledAttributes.map((name) => resolveHandledAttribute(name, context));
  const working = structuredClone(document);
  const intents: AttributeIntent[] = [];

  for (const operation of operations) {
    for (const attributeOperation of expandOperation(operation, context)) {
      if (!isHandled(attributeOperation.target, handled)) {
        applyAttributeOperation(working, attributeOperation);
        continue;
      }
      const intent = toAttributeIntent(attributeOperation);
      if (intent !== undefined) intents.push(intent);
    }
  }
  return { document: working, intents };
}

/**
 * Applies PATCH operations, passing the intents for each attribute in
 * `handlers` to its handler and applying all other operations in memory.
 * Every operation is validated before the first handler runs. Handlers run
 * one at a time in request order, so a handler that fails leaves the earlier
 * handlers' writes in place: run this inside a database transaction.
 */
export async function applyPatchWithHandlers(
  document: ScimDocument,
  operations: readonly PatchOperation[],
  context: PatchSchemaContext,
  handlers: AttributeHandlers,
): Promise<ScimDocument> {
  const handlerNames = Object.keys(handlers);
  const plan = planPatch(document, operations, context, handlerNames);

  const handlersByKey = new Map<string, AttributeHandler>();
  for (const name of handlerNames) {
    const handled = resolveHandledAttribute(name, context);
    handlersByKey.set(handledKey(handled.extensionUrn, handled.attribute.name), handlers[name]);
  }

  for (const intent of plan.intents) {
    const handler = handlersByKey.get(handledKey(intent.extensionUrn, intent.attribute));
    if (handler !== undefined) await handler(intent);
  }
  return plan.document;
}

function resolveHandledAttribute(name: string, context: PatchSchemaContext): HandledAttribute {
  const resolved = resolveAttributeName(name, context);
  if (
    resolved?.kind !== 'attribute' ||
    resolved.subAttribute !== undefined ||
    !resolved.attribute.multiValued
  ) {
    throw new TypeError(
      `PATCH handler "${name}" must name a multi-valued attribute of the resource schemas.`,
    );
  }
  return { extensionUrn: resolved.extensionUrn, attribute: resolved.attribute };
}

function isHandled(target: AttributeTarget, handled: readonly HandledAttribute[]): boolean {
  return handled.some(
    (candidate) =>
      candidate.attribute === target.attribute && candidate.extensionUrn === target.extensionUrn,
  );
}

function handledKey(extensionUrn: string | undefined, attributeName: string): string {
  return `${extensionUrn ?? ''}|${attributeName}`;
}
