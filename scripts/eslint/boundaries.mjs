// Layering rules for ShipLock (a small local ESLint plugin, in the spirit of VS Code's layer checks).
//
//   shared/    imports nothing from electron/ or renderer/ (it is the contract both sides share)
//   renderer/  imports nothing from electron/
//   electron/<capability>/  may import another capability only through its public `index.ts`;
//                           never its internals (service.ts, write.ts, …)
//   electron/app/{errors,context,bus,facts,paths}.ts  import no capability at all (the base layer)
//   electron/app/core.ts    the composition root: may import each capability's index.ts and handlers.ts
//
// `electron/db/` is infrastructure every capability may use.
import path from 'node:path';

const INFRA = new Set(['db']);
const APP_BASE = new Set(['errors.ts', 'context.ts', 'bus.ts', 'facts.ts', 'paths.ts']);
const TOP_LEVEL_OK = new Set(['server']); // transports: may use the composition root

function locate(root, file) {
  const rel = path.relative(root, file).split(path.sep);
  return {
    top: rel[0],
    cap: rel[0] === 'electron' && rel.length > 2 ? rel[1] : null,
    rest: rel.slice(rel[0] === 'electron' ? 2 : 1).join('/'),
  };
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'keep shared/, renderer/ and electron capabilities in their layers' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { violation: '{{why}}' },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const from = locate(root, file);
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source).replace(/\.js$/, '.ts');
      const to = locate(root, target);
      const report = (why) => context.report({ node, messageId: 'violation', data: { why } });
      if (from.top === 'shared' && (to.top === 'electron' || to.top === 'renderer')) {
        return report(`shared/ must not import ${to.top}/ (${source})`);
      }
      if (from.top === 'renderer' && to.top === 'electron') return report(`renderer/ must not import electron/ (${source})`);
      if (from.top !== 'electron' || to.top !== 'electron') return;
      const base = path.basename(target);
      if (from.cap === 'app' && APP_BASE.has(path.basename(file)) && to.cap && to.cap !== 'app' && !INFRA.has(to.cap)) {
        return report(`electron/app/${path.basename(file)} is the base layer and must not import a capability (${source})`);
      }
      if (!to.cap || to.cap === from.cap || INFRA.has(to.cap)) return;
      if (to.cap === 'app') {
        if (APP_BASE.has(base)) return;
        if (from.cap === null || TOP_LEVEL_OK.has(from.cap)) return; // entry points and transports use core
        return report(`only entry points and transports may import electron/app/${base} (${source})`);
      }
      if (from.cap === null) return; // entry points (main.ts, station.ts, preload.ts) wire everything
      if (from.cap === 'app' || TOP_LEVEL_OK.has(from.cap)) {
        if (base === 'index.ts' || base === 'handlers.ts') return;
        return report(`the composition root imports capabilities through index.ts or handlers.ts, not ${to.cap}/${to.rest} (${source})`);
      }
      if (base === 'index.ts' && to.rest === 'index.ts') return;
      return report(
        `electron/${from.cap} must not import the internals of electron/${to.cap} (${to.rest}); use electron/${to.cap}/index.ts`,
      );
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default { rules: { layers: rule } };
