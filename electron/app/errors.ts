// The one error base every capability throws from. It imports no capability: errors flow up to the
// transports (IPC, HTTP) through `toApiError`, which only knows this base.
import { z } from 'zod';
import type { ApiErrorBody, ImportFileError, UnknownHeaderView } from '../../shared/api/contract.js';
import { formatPath } from '../../shared/events.js';
import { maskContactText } from '../../shared/rules/redact.js';

/** Any error a capability means to show a caller: an HTTP status, a stable code, a message and a field path. */
export class ShipLockError extends Error {
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
    this.name = new.target.name;
  }

  /** The body both transports send. Messages echo bad input: any phone-like number in them is masked. */
  toBody(): ApiErrorBody {
    const errors = this.errors?.map((e) => ({ ...e, message: maskContactText(e.message) }));
    return {
      error: {
        code: this.code,
        message: maskContactText(this.message),
        path: this.path,
        ...(errors ? { errors } : {}),
        ...(this.params ? { params: this.params } : {}),
      },
    };
  }
}

/** An error with an HTTP status, shaped the same for IPC and HTTP clients. */
export class ApiError extends ShipLockError {}

/**
 * A valid input that a rule refuses (an interception naming another order's oid, a line id that belongs to
 * another order). Inside an event batch it refuses the whole batch; the path names the field.
 */
export class RuleRejection extends ShipLockError {
  constructor(path: string, message: string) {
    super(400, 'invalid_event', message, path);
  }
}

/**
 * An import refused as a whole: every problem with its file, row and field. With `unknownHeaders` (code
 * `unknown_header`) some files have a header no reader recognises: the clerk maps their columns.
 */
export class ImportError extends ShipLockError {
  constructor(
    errors: ImportFileError[],
    readonly unknownHeaders?: UnknownHeaderView[],
  ) {
    super(
      422,
      unknownHeaders ? 'unknown_header' : 'import_rejected',
      errors.map((e) => `${e.file}${e.row != null ? ` 第${e.row}行` : ''}${e.field ? ` ${e.field}` : ''}: ${e.message}`).join('\n'),
      null,
      errors,
    );
  }

  override toBody(): ApiErrorBody {
    const body = super.toBody();
    return this.unknownHeaders ? { error: { ...body.error, unknownHeaders: this.unknownHeaders } } : body;
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

/** Maps anything thrown by a handler onto an error body. Unknown errors become 500 without internals. */
export function toApiError(e: unknown): ShipLockError {
  if (e instanceof ShipLockError) return e;
  if (e instanceof z.ZodError) return fromZod(e);
  console.error('[shiplock] unexpected error', e);
  return new ApiError(500, 'internal', 'internal error: see the station log');
}
