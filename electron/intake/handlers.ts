import crypto from 'node:crypto';
import type { HandlersOf, IntakeOutputs, MappingsOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import type { EventRouter } from './events.js';
import { importFiles } from './imports.js';
import { findMapping, mappingById, mappingHandlers } from './mappings.js';

export function intakeHandlers(
  d: CoreDeps,
  o: {
    router: EventRouter;
    onProgress: (importId: string, file: string, done: number, total: number) => void;
    /** Throws when a .jsonl event file lacks its signature. */
    verifyEventFiles: (files: Parameters<HandlersOf<IntakeOutputs>['imports.run']>[0]['files']) => void;
  },
): HandlersOf<IntakeOutputs> & HandlersOf<MappingsOutputs> {
  return {
    'imports.run': ({ files, mapping }) => {
      o.verifyEventFiles(files);
      const importId = crypto.randomUUID();
      const opts = {
        timeZone: d.settings().timeZone,
        findMapping: (signature: string) => findMapping(d.db, signature),
        mapping: mapping ? mappingById(d.db, mapping) : null,
      };
      return importFiles(files, opts, d.write, o.router, (file, done, total) => o.onProgress(importId, file, done, total));
    },
    ...mappingHandlers({ db: d.db, now: d.now, timeZone: () => d.settings().timeZone }),
  };
}
