import { z } from 'zod';
import type { ApiErrorBody, ImportFileError } from '../../shared/api/contract.js';
import { formatPath } from '../../shared/events.js';
import { ImportError } from '../intake/imports.js';
import { BadCursorError } from '../orders/query.js';

/** An error with an HTTP status, shaped the same for IPC and HTTP clients. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string | null = null,
    readonly errors?: ImportFileError[],
    /** Values a client words its own message with (in the UI language), keyed as in its `errors.<code>` text. */
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        path: this.path,
        ...(this.errors ? { errors: this.errors } : {}),
        ...(this.params ? { params: this.params } : {}),
      },
    };
  }
}

export function fromZod(e: z.ZodError, prefix: PropertyKey[] = []): ApiError {
  const issue = e.issues[0]!;
  const path = formatPath([...prefix, ...issue.path]);
  return new ApiError(400, 'invalid_input', path ? `${path}: ${issue.message}` : issue.message, path || null, undefined, {
    field: path,
    issue: issue.code,
  });
}

/** Maps anything thrown by a handler onto an ApiError. Unknown errors become 500 without internals. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof z.ZodError) return fromZod(e);
  if (e instanceof ImportError) return new ApiError(422, 'import_rejected', e.message, null, e.errors);
  if (e instanceof BadCursorError) return new ApiError(400, 'invalid_input', e.message, e.path);
  console.error('[shiplock] unexpected error', e);
  return new ApiError(500, 'internal', 'internal error: see the station log');
}
