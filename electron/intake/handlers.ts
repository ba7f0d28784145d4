import type { HandlersOf, ImportResult, IntakeOutputs, MappingsOutputs } from '../../shared/api/contract.js';
import { StagedUpload } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { mappingById, mappingHandlers } from './mappings.js';
import type { SavedMapping } from './parse.js';
import type { SourceFile } from './stream.js';

export function intakeHandlers(
  d: CoreDeps,
  o: {
    /** Runs the import (the root runs it in the import worker, one at a time, with main-thread writes held). */
    runImport: (files: SourceFile[], mapping: SavedMapping | null) => Promise<ImportResult>;
  },
): HandlersOf<IntakeOutputs> & HandlersOf<MappingsOutputs> {
  return {
    'imports.run': ({ files, mapping }) =>
      o.runImport(
        files.map(({ data, ...f }) => (data instanceof StagedUpload ? { ...f, path: data.path } : { ...f, data })),
        mapping ? mappingById(d.db, mapping) : null,
      ),
    ...mappingHandlers({ db: d.db, now: d.now, timeZone: () => d.settings().timeZone }),
  };
}
