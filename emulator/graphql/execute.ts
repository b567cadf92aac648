/** One GraphQL request as Shopify's Admin API answers it: validate, cost, throttle, execute, report cost. */
import {
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
  execute,
  getOperationAST,
  isNonNullType,
  parse,
  validate,
} from "graphql";
import type { EmulatorCore, FailMode, ShopState } from "../state";
import { type CostInput, MAX_SINGLE_QUERY_COST, actualQueryCost, requestedQueryCost } from "./cost";
import { injectedUserErrors, mutationResolvers } from "./mutations";
import { queryResolvers } from "./resolvers";
import type { ResolverContext } from "./views";

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLHttpResult {
  status: number;
  body: unknown;
}

export const THROTTLE_DOCS = "https://shopify.dev/api/usage/rate-limits";

/** Looks a field up on the view object; fields a view lacks are "not emulated". */
export const emulatorFieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (source == null || typeof source !== "object") return null;
  const value = (source as Record<string, unknown>)[info.fieldName];
  if (value === undefined) {
    const label = `${info.parentType.name}.${info.fieldName}`;
    ctx.core.warn(`${label} not emulated`);
    if (isNonNullType(info.returnType)) {
      throw new GraphQLError(
        `${label} is not emulated by the Kizuna Shopify emulator and cannot be null. Remove it from the query or add it to emulator/graphql/views.ts.`,
        {
          extensions: { code: "NOT_EMULATED" },
        },
      );
    }
    return null;
  }
  return typeof value === "function" ? (value as (...a: unknown[]) => unknown).call(source, args, ctx, info) : value;
};

export const emulatorTypeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => {
  const typename = (value as { __typename?: string } | null)?.__typename;
  return typename;
};

type ValidationRewrite = [RegExp, (m: RegExpExecArray) => { message: string; extensions: Record<string, unknown> }];

/** Shopify's wording and codes for the most common validation failures (graphql-js wording otherwise). */
const VALIDATION_REWRITES: ValidationRewrite[] = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"/,
    (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  ],
  [
    /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/,
    (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    }),
  ],
  [
    /^Field "(\w+)\.(\w+)" argument "(\w+)" of type "(.+)" is required/,
    (m) => ({
      message: `Field '${m[2]}' is missing required arguments: ${m[3]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[2], arguments: m[3] },
    }),
  ],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields/,
    (m) => {
      const typeName = m[2].replace(/[![\]]/g, "");
      return {
        message: `Field must have selections (field '${m[1]}' returns ${typeName} but has no selections. Did you mean '${m[1]} { ... }'?)`,
        extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName },
      };
    },
  ],
  [
    /^Variable "\$(\w+)" is never used/,
    (m) => ({
      message: `Variable $${m[1]} is declared by anonymous query but not used`,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    }),
  ],
  [
    /^Variable "\$(\w+)" is not defined/,
    (m) => ({
      message: `Variable $${m[1]} is used by anonymous query but not declared`,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    }),
  ],
];

function shopifyValidationError(error: GraphQLError): GraphQLFormattedError {
  const locations = error.toJSON().locations;
  for (const [pattern, rewrite] of VALIDATION_REWRITES) {
    const m = pattern.exec(error.message);
    if (m) return { ...rewrite(m), locations };
  }
  return { message: error.message, locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

function errorBody(errors: GraphQLFormattedError[], cost?: unknown) {
  return cost ? { errors, extensions: { cost } } : { errors };
}

export interface PreparedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** Parses and validates against the real schema; returns Shopify-shaped errors on failure. */
export function prepareDocument(
  core: EmulatorCore,
  query: string,
  operationName: string | null,
): PreparedDocument | { errors: GraphQLFormattedError[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const e = error as GraphQLError;
    return {
      errors: [{ message: e.message, locations: e.locations, extensions: { code: "PARSE_ERROR" } } as GraphQLFormattedError],
    };
  }
  const validationErrors = validate(core.schema, document);
  if (validationErrors.length > 0) return { errors: validationErrors.map(shopifyValidationError) };
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : "An operation name is required when the document contains multiple operations";
    return { errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }] };
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === "FragmentDefinition") fragments[definition.name.value] = definition;
  return { document, operation, fragments };
}

function takeFailure(shop: ShopState, field: string): FailMode | null {
  const queue = shop.failNext.get(field);
  if (!queue || queue.length === 0) return null;
  const mode = queue.shift() ?? null;
  if (queue.length === 0) shop.failNext.delete(field);
  return mode;
}

/** Root values: query fields, and mutation fields wrapped to record calls and honour failNext switches. */
function rootValue(operation: OperationDefinitionNode, shop: ShopState, failures: Map<string, FailMode>) {
  if (operation.operation !== "mutation") return queryResolvers;
  const root: Record<string, (args: Record<string, unknown>, ctx: ResolverContext) => unknown> = {};
  for (const [name, resolver] of Object.entries(mutationResolvers)) {
    root[name] = (args, ctx) => {
      const failure = failures.get(name);
      let result: Record<string, unknown>;
      if (failure?.kind === "graphqlError") {
        shop.calls.push({ at: shop.store.now, field: name, args, userErrors: [] });
        throw new GraphQLError(failure.message ?? "Internal error. Looks like something went wrong on our end.", {
          extensions: { code: failure.code ?? "INTERNAL_SERVER_ERROR" },
        });
      }
      if (failure?.kind === "userErrors") {
        result = injectedUserErrors(name, failure.message ?? "Injected failure (emulator failNext)", failure.errorField);
      } else {
        result = resolver(args, ctx);
      }
      shop.calls.push({ at: shop.store.now, field: name, args, userErrors: (result.userErrors as unknown[]) ?? [] });
      return result;
    };
  }
  return root;
}

/** Executes a prepared document without cost accounting (bulk mutations, the bulk exporter). */
export function executePrepared(
  ctx: ResolverContext,
  prepared: PreparedDocument,
  variables: Record<string, unknown>,
  failures = new Map<string, FailMode>(),
) {
  return execute({
    schema: ctx.core.schema,
    document: prepared.document,
    operationName: prepared.operation.name?.value,
    rootValue: rootValue(prepared.operation, ctx.shop, failures),
    contextValue: ctx,
    variableValues: variables,
    fieldResolver: emulatorFieldResolver,
    typeResolver: emulatorTypeResolver,
  });
}

export async function handleGraphQL(ctx: ResolverContext, body: GraphQLRequestBody): Promise<GraphQLHttpResult> {
  const { core, shop } = ctx;
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
  const prepared = prepareDocument(core, body.query, typeof body.operationName === "string" ? body.operationName : null);
  if ("errors" in prepared) return { status: 200, body: errorBody(prepared.errors) };

  const costInput: CostInput = { schema: core.schema, operation: prepared.operation, fragments: prepared.fragments, variables };
  let requested: number;
  try {
    requested = requestedQueryCost(costInput);
  } catch (error) {
    return { status: 200, body: errorBody([{ message: (error as Error).message, extensions: { code: "BAD_REQUEST" } }]) };
  }
  if (requested > MAX_SINGLE_QUERY_COST) {
    const message =
      `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n";
    return {
      status: 200,
      body: errorBody([{ message, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST } }]),
    };
  }
  if (!shop.bucket.take(requested)) {
    const cost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: shop.bucket.status() };
    return {
      status: 200,
      body: errorBody([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: THROTTLE_DOCS } }], cost),
    };
  }

  const failures = new Map<string, FailMode>();
  if (prepared.operation.operation === "mutation") {
    for (const selection of prepared.operation.selectionSet.selections) {
      if (selection.kind !== "Field") continue;
      const failure = takeFailure(shop, selection.name.value);
      if (!failure) continue;
      if (failure.kind === "httpError") {
        shop.bucket.refund(requested);
        shop.calls.push({ at: shop.store.now, field: selection.name.value, args: {}, userErrors: [] });
        const status = failure.status ?? 500;
        return {
          status,
          body: failure.body ?? JSON.stringify({ errors: status === 503 ? "Service Unavailable" : "Internal Server Error" }),
        };
      }
      failures.set(selection.name.value, failure);
    }
  }

  const result = (await executePrepared(ctx, prepared, variables, failures)) as ExecutionResult;
  const actual = Math.min(requested, actualQueryCost(costInput, result.data as Record<string, unknown> | null));
  shop.bucket.refund(requested - actual);
  const cost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() };
  const response: Record<string, unknown> = {};
  if (result.errors?.length) response.errors = result.errors.map((e) => e.toJSON());
  response.data = result.data ?? null;
  response.extensions = { cost };
  return { status: 200, body: response };
}
