/**
 * IAM policy documents as the tests read them (the JSON files in docs/iam/ and the policies the
 * stack synthesizes), and the part of IAM's evaluation the tests need: does an Allow statement
 * match an action on a resource, with IAM's `*` and `?` wildcards (actions compared without
 * regard to case, resources with). Conditions are not evaluated: tests read them on their own.
 */
export type Condition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
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
