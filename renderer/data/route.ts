// The one hash route parser: `#/screen/arg?key=value&…`. Filters live in the query part, so a reload or a
// shared link keeps them; the last query of each screen is remembered so a screen switch keeps it too.
import { SCREENS, type Screen } from '../context.js';

export interface Route {
  screen: Screen;
  /** The part after the screen (an order tid, a batch number), decoded; null when absent. */
  arg: string | null;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const qAt = body.indexOf('?');
  const path = qAt < 0 ? body : body.slice(0, qAt);
  const query = qAt < 0 ? '' : body.slice(qAt + 1);
  const [first = '', ...rest] = path.split('/');
  const screen = (SCREENS as string[]).includes(first) ? (first as Screen) : 'pending';
  let arg: string | null = null;
  if (rest.length && rest[0]) {
    try {
      arg = decodeURIComponent(rest.join('/'));
    } catch {
      arg = rest.join('/');
    }
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '') params[k] = v;
  return { screen, arg, params };
}

export function formatHash(r: { screen: Screen; arg?: string | null; params?: Record<string, string | undefined> }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r.params ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (v != null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${r.screen}${r.arg ? `/${encodeURIComponent(r.arg)}` : ''}${qs ? `?${qs}` : ''}`;
}

/** The last query of each screen this session (kept across screen switches). */
export class ScreenMemory {
  private readonly byScreen = new Map<Screen, Record<string, string>>();
  constructor(private readonly storage?: Pick<Storage, 'getItem' | 'setItem'>) {
    try {
      const raw = storage?.getItem('shiplock.routes');
      if (raw)
        for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, Record<string, string>>)) this.byScreen.set(k as Screen, v);
    } catch {
      /* none kept */
    }
  }
  remember(r: Route): void {
    this.byScreen.set(r.screen, r.params);
    try {
      this.storage?.setItem('shiplock.routes', JSON.stringify(Object.fromEntries(this.byScreen)));
    } catch {
      /* storage full or blocked */
    }
  }
  paramsOf(screen: Screen): Record<string, string> {
    return this.byScreen.get(screen) ?? {};
  }
}
