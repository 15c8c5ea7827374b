/**
 * IAM policy documents as the tests read them (the JSON files in docs/iam/ and the policies the
 * stack synthesizes), and the part of IAM's evaluation the tests need: does an Allow statement
 * match an action on a resource, with IAM's `*` and `?` wildcards (actions compared without
 * regard to case, resources with); and, for `isAllowed`, the whole decision for one request: an
 * Allow whose conditions hold and no Deny that matches (the String operators only).
 */
export type Condition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Condition;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: PolicyStatement[];
}

function wildcard(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** The Allow statements of a document that grant `action` on `resource`. */
export function statementsAllowing(document: PolicyDocument, action: string, resource: string): PolicyStatement[] {
  return document.Statement.filter(
    (statement) =>
      statement.Effect === 'Allow' &&
      list(statement.Action).some((pattern) => wildcard(pattern, 'i').test(action)) &&
      list(statement.Resource).some((pattern) => wildcard(pattern).test(resource)),
  );
}

/** The request context condition keys are read from (`aws:ResourceTag/Project`, `lambda:Principal`, …). */
export type RequestContext = Record<string, string>;

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (actual, expected) => actual === expected,
  StringLike: (actual, expected) => wildcard(expected).test(actual),
};

/** Whether every condition of a statement holds; a key absent from the context fails its condition, as in IAM. */
function conditionsHold(statement: PolicyStatement, context: RequestContext): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => {
    const test = OPERATORS[operator];
    if (!test)
      throw new Error(`${statement.Sid ?? 'a statement'}: condition operator ${operator} is not evaluated here`);
    return Object.entries(keys).every(
      ([key, expected]) => key in context && list(expected).some((value) => test(context[key], value)),
    );
  });
}

function matches(statement: PolicyStatement, action: string, resource: string): boolean {
  const actionMatches = list(statement.Action).some((pattern) => wildcard(pattern, 'i').test(action));
  const resourceMatches = statement.NotResource
    ? !list(statement.NotResource).some((pattern) => wildcard(pattern).test(resource))
    : list(statement.Resource).some((pattern) => wildcard(pattern).test(resource));
  return actionMatches && resourceMatches;
}

/** IAM's decision for one request under one identity policy: an Allow that holds and no Deny that does. */
export function isAllowed(
  document: PolicyDocument,
  action: string,
  resource: string,
  context: RequestContext = {},
): boolean {
  const holding = document.Statement.filter(
    (statement) => matches(statement, action, resource) && conditionsHold(statement, context),
  );
  return holding.some((s) => s.Effect === 'Allow') && !holding.some((s) => s.Effect === 'Deny');
}
