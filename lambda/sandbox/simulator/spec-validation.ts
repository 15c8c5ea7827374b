/**
 * Request and response validation against the official spec, with ajv. The spec has known
 * defects (see ../shared/quantconnect-api/SOURCE.md); they are repaired on a private copy so the
 * validation checks what QuantConnect actually accepts and answers:
 * - `/files/patch` refers to a missing `Request` schema: it is `PatchFileRequest`.
 * - `inline_response_200_1` points at `#/components/responses/BacktestReport`, not a schema.
 * - `ReadProjectRequest` requires `projectId`, but `/projects/read` lists all projects without it.
 * - The backtest status enum holds the literal `'Running: _%'`; real values are `Running: 45%`.
 * - `LiveForm`'s notify flags are strings in the spec, booleans in real answers.
 * - Parameter values are `oneOf: [string, number, integer]`, which no integer passes (it is both a
 *   number and an integer): such type-only `oneOf`s become `anyOf`.
 * - Answers that are `oneOf` two open object schemas (`RestResponse` or `ProjectFilesResponse`,
 *   "loading" or a chart) match both when the answer is small: they become `anyOf`.
 * - `required: true` sits inside `content` for three optimization endpoints (harmless here: every
 *   request body is validated anyway).
 *
 * Requests are validated more strictly than the spec says: unknown top-level fields are refused
 * (`additionalProperties: false`). QuantConnect silently ignores them, which is how a tool with a
 * misspelt field (`projectID`) would pass unnoticed against the real API; here it fails the test.
 * Fields newer than this copy of the spec (listed in SOURCE.md) are added so tools may send them.
 * Nested objects (brokerage settings, commands) stay as open as the spec has them.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { OpenApiDocument } from './spec';

const DOCUMENT_ID = 'quantconnect-openapi';

/** Request fields QuantConnect accepts that this version of the spec does not list yet. */
const NEWER_REQUEST_FIELDS: Record<string, Record<string, object>> = {
  ReadLiveLogsRequest: { deploymentLogs: { type: 'boolean' } },
  ReadLiveOrdersRequest: { algorithmId: { type: 'string' } },
  ReadLiveInsightsRequest: { algorithmId: { type: 'string' } },
};

export interface SpecValidator {
  /** The spec's endpoints. */
  readonly endpoints: readonly string[];
  /** Why the body is refused, naming the offending fields; undefined when it is valid. */
  request(endpoint: string, body: unknown): string | undefined;
  /** Why a 200 answer does not match the spec's response schema; undefined when it does. */
  response(endpoint: string, body: unknown): string | undefined;
}

type Schema = Record<string, unknown>;

export function createSpecValidator(original: OpenApiDocument): SpecValidator {
  const document = repaired(original);
  // Formats are off: QuantConnect's dates (`2024-01-02 15:04:05`) are not RFC 3339 date-times.
  // strict: false because OpenAPI 3.0 adds keywords (`example`, `nullable`) that JSON Schema lacks.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document, DOCUMENT_ID);
  const compiled = new Map<string, ValidateFunction | null>();

  // Compiled on first use: a test that touches three endpoints does not pay for sixty.
  function validatorFor(pointer: string): ValidateFunction {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  }

  return {
    endpoints: Object.keys(document.paths),

    request(endpoint, body) {
      const content = document.paths[endpoint]?.post?.requestBody?.content;
      const mediaType = content && ['application/json', 'multipart/form-data'].find((type) => content[type]?.schema);
      if (!mediaType) return undefined;
      const validate = validatorFor(`/paths/${escape(endpoint)}/post/requestBody/content/${escape(mediaType)}/schema`);
      return validate(body) ? undefined : describe(validate.errors ?? []);
    },

    response(endpoint, body) {
      const schema = document.paths[endpoint]?.post?.responses?.['200']?.content?.['application/json']?.schema;
      if (!schema) return undefined;
      const validate = validatorFor(`/paths/${escape(endpoint)}/post/responses/200/content/application~1json/schema`);
      return validate(body) ? undefined : describe(validate.errors ?? []);
    },
  };
}

function repaired(original: OpenApiDocument): OpenApiDocument {
  const document = structuredClone(original) as OpenApiDocument & { components: { schemas: Record<string, Schema> } };
  const schemas = document.components.schemas;

  const patch = document.paths['/files/patch']?.post?.requestBody?.content?.['application/json'];
  if (patch && schemas.PatchFileRequest) patch.schema = { $ref: '#/components/schemas/PatchFileRequest' };

  redirectResponseRefs(document, schemas);
  relaxTypeOnlyOneOfs(document);
  relaxResponseOneOfs(document, schemas);

  const readProject = schemas.ReadProjectRequest;
  if (readProject) readProject.required = [];

  for (const name of ['BacktestResult', 'BacktestSummaryResult']) {
    const status = (schemas[name]?.properties as Record<string, Schema> | undefined)?.status;
    if (status) delete status.enum;
  }

  const liveForm = schemas.LiveForm?.properties as Record<string, Schema> | undefined;
  for (const flag of ['notifyInsights', 'notifyOrderEvents', 'autoRestart']) {
    if (liveForm?.[flag]) liveForm[flag] = { type: ['string', 'boolean'] };
  }

  for (const [name, fields] of Object.entries(NEWER_REQUEST_FIELDS)) {
    const schema = schemas[name];
    if (schema) schema.properties = { ...(schema.properties as Schema), ...fields };
  }

  for (const name of requestSchemaNames(document)) {
    const schema = schemas[name];
    if (schema?.properties && !schema.allOf && !schema.oneOf) schema.additionalProperties = false;
  }
  return document;
}

/** `$ref: '#/components/responses/X'` inside a schema means the schema X. */
function redirectResponseRefs(node: unknown, schemas: Record<string, Schema>): void {
  if (Array.isArray(node)) {
    node.forEach((item) => redirectResponseRefs(item, schemas));
  } else if (node && typeof node === 'object') {
    const record = node as Schema;
    const ref = record.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/responses/')) {
      const name = ref.slice('#/components/responses/'.length);
      if (schemas[name]) record.$ref = `#/components/schemas/${name}`;
    }
    Object.values(record).forEach((value) => redirectResponseRefs(value, schemas));
  }
}

function relaxResponseOneOfs(document: OpenApiDocument, schemas: Record<string, Schema>): void {
  for (const operation of Object.values(document.paths)) {
    let schema = operation.post?.responses?.['200']?.content?.['application/json']?.schema as Schema | undefined;
    if (typeof schema?.$ref === 'string') schema = schemas[schema.$ref.split('/').pop()!];
    if (schema && Array.isArray(schema.oneOf)) {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
  }
}

function relaxTypeOnlyOneOfs(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(relaxTypeOnlyOneOfs);
  } else if (node && typeof node === 'object') {
    const record = node as Schema;
    const branches = record.oneOf;
    const typeOnly = (branch: unknown) => Object.keys(branch as Schema).every((key) => key === 'type');
    if (Array.isArray(branches) && branches.every(typeOnly)) {
      record.anyOf = branches;
      delete record.oneOf;
    }
    Object.values(record).forEach(relaxTypeOnlyOneOfs);
  }
}

/** Names of the component schemas used as request bodies, directly or as a oneOf branch. */
function requestSchemaNames(document: OpenApiDocument): Set<string> {
  const names = new Set<string>();
  const collect = (schema: unknown) => {
    const record = schema as Schema | undefined;
    if (typeof record?.$ref === 'string') names.add(record.$ref.split('/').pop()!);
    if (Array.isArray(record?.oneOf)) record.oneOf.forEach(collect);
  };
  for (const operation of Object.values(document.paths)) {
    for (const media of Object.values(operation.post?.requestBody?.content ?? {})) collect(media?.schema);
  }
  // `files_update_body` is a oneOf of two request schemas.
  for (const name of [...names]) {
    const oneOf = document.components.schemas[name] as Schema | undefined;
    if (Array.isArray(oneOf?.oneOf)) oneOf.oneOf.forEach(collect);
  }
  return names;
}

/** JSON pointer escaping of one path segment. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ajv's errors as one line that names each offending field. */
function describe(errors: readonly ErrorObject[]): string {
  const lines = errors.map((error) => {
    const where = error.instancePath ? `body${error.instancePath.replace(/\//g, '.')}` : 'body';
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties')
      return `${where} has unknown property '${String(params.additionalProperty)}'`;
    if (error.keyword === 'required') return `${where} must have required property '${String(params.missingProperty)}'`;
    if (error.keyword === 'enum') return `${where} ${error.message}: ${JSON.stringify(params.allowedValues)}`;
    return `${where} ${error.message}`;
  });
  return [...new Set(lines)].join('; ');
}
