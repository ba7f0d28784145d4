import crypto from 'node:crypto';
import type { HandlersOf, IntakeOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import type { EventRouter } from './events.js';
import { importFiles } from './imports.js';

export function intakeHandlers(
  d: CoreDeps,
  o: { router: EventRouter; onProgress: (importId: string, file: string, done: number, total: number) => void },
): HandlersOf<IntakeOutputs> {
  return {
    'imports.run': ({ files }) => {
      const importId = crypto.randomUUID();
      return d.write((ctx) =>
        importFiles({ ...ctx, router: o.router, onProgress: (file, done, total) => o.onProgress(importId, file, done, total) }, files),
      );
    },
  };
}
