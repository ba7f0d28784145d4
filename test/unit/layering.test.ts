// The architecture can't drift silently: ESLint (run first by `npm test`) refuses an import cycle and a
// capability reaching into another capability's internals. These tests prove the rules bite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers/station.js';

const eslint = new ESLint({ cwd: ROOT });

async function lint(files: Record<string, string>): Promise<string[]> {
  const dir = path.join(ROOT, 'electron', `zz-probe-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const results = await eslint.lintFiles(Object.keys(files).map((f) => path.join(dir, f)));
    return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.ruleId}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('layering lint', () => {
  it('an import cycle is an error', async () => {
    const found = await lint({
      'a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
    });
    assert.ok(found.includes('a.ts:import-x/no-cycle'), found.join(', '));
  });

  it('a capability importing another capability’s internals is an error; its index.ts is fine', async () => {
    const found = await lint({
      'x.ts': "import { upsertOrder } from '../orders/write.js';\nexport const x = upsertOrder;\n",
      'y.ts': "import { upsertOrder } from '../orders/index.js';\nexport const y = upsertOrder;\n",
    });
    assert.ok(found.includes('x.ts:shiplock/layers'), found.join(', '));
    assert.ok(!found.some((f) => f.startsWith('y.ts')), found.join(', '));
  });

  it('shared/ never imports electron/, and the tree as committed is clean', async () => {
    const [r] = await eslint.lintText("import { sql } from '../electron/db/sql.js';\nexport const s = sql;\n", {
      filePath: path.join(ROOT, 'shared', 'probe.ts'),
    });
    assert.ok(r!.messages.some((m) => m.ruleId === 'shiplock/layers'));
    const all = await eslint.lintFiles(['electron', 'shared']);
    const errors = all.flatMap((x) => x.messages.filter((m) => m.severity === 2).map((m) => `${x.filePath}:${m.line} ${m.ruleId}`));
    assert.deepEqual(errors, []);
  });
});
