// Request validation with ajv: bodies are checked strictly (a string is never coerced into a
// number), query strings are coerced because every query value arrives as text.
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { NOT_A_DOT_SEGMENT } from './path-params.js';

/** The pattern of text that must not be blank: at least one character that is not whitespace. */
export const NOT_BLANK = '\\S';

export type ValidationIssue = Pick<ErrorObject, 'instancePath' | 'message' | 'keyword' | 'params'>;

const strict = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
const coercing = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });

export const compileValidator: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
};

/** `messages[0].role: must be string`, naming the field the way a client wrote it. */
export function formatValidationErrors(issues: ValidationIssue[], context: string): string {
  return issues
    .map((issue) => {
      const segments = issue.instancePath.split('/').filter(Boolean);
      if (issue.keyword === 'required') segments.push(String(issue.params.missingProperty));
      if (issue.keyword === 'additionalProperties') segments.push(String(issue.params.additionalProperty));
      const field = segments.reduce(
        (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
        '',
      );
      return `${field || context} ${messageOf(issue)}`;
    })
    .join('; ');
}

function messageOf(issue: ValidationIssue): string {
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'additionalProperties') return 'is not allowed';
  if (issue.keyword === 'pattern' && issue.params.pattern === NOT_A_DOT_SEGMENT) {
    return "may not be '.' or '..' (URLs resolve them away, so it could never be read back)";
  }
  if (issue.keyword === 'pattern' && issue.params.pattern === NOT_BLANK) return 'must not be blank (whitespace only)';
  return issue.message ?? 'is invalid';
}

