import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Parses `value` with `schema`, or throws a 400 naming the first problem and where it is. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, code: 'invalid_body' | 'invalid_query' = 'invalid_body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const what = code === 'invalid_body' && value === undefined ? 'a JSON body is required' : issue?.message;
  throw new ApiError(code, `${where}${what ?? 'invalid input'}`);
}
