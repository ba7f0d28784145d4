// Settings on disk through electron-store (in Electron) or its core `conf` (station mode under Node):
// both validate every write against the JSON schema derived from the shared zod schema.
import crypto from 'node:crypto';
import Conf from 'conf';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.js';

/** Secrets kept beside the settings (not user-editable through the settings form). */
interface StoredShape extends Settings {
  eventSecret: string;
  stationToken: string;
}

/** The subset of the Conf / electron-store API we use, so either can back the store. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly store: Record<string, unknown>;
}

/** Per-key JSON schema for conf, derived from the zod schema. */
export function confSchema(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(settingsSchema.shape)) {
    const js = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete js.$schema;
    props[key] = js;
  }
  props.eventSecret = { type: 'string', minLength: 16 };
  props.stationToken = { type: 'string', minLength: 16 };
  return props;
}

export function openConfStore(dataDir: string): KeyValueStore {
  return new Conf<StoredShape>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'shiplock',
    schema: confSchema() as never,
    clearInvalidConfig: false,
  }) as unknown as KeyValueStore;
}

export class SettingsService {
  private listeners = new Set<(s: Settings) => void>();
  constructor(
    private readonly kv: KeyValueStore,
    private readonly env: { eventSecret?: string } = {},
  ) {
    for (const key of ['eventSecret', 'stationToken'] as const) {
      if (typeof kv.get(key) !== 'string') kv.set(key, crypto.randomBytes(24).toString('hex'));
    }
    this.secrets = { eventSecret: kv.get('eventSecret') as string, stationToken: kv.get('stationToken') as string };
  }

  private readonly secrets: { eventSecret: string; stationToken: string };

  private cached: Settings | null = null;

  /**
   * Current settings, defaults filled in; a hand-edited bad value falls back to its default. Kept in memory:
   * the store reads its file on every access, and every write path asks for settings.
   */
  get(): Settings {
    this.cached ??= this.read();
    return this.cached;
  }

  private read(): Settings {
    const raw = this.kv.store;
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(settingsSchema.shape)) {
      const parsed = (schema as z.ZodType).safeParse(raw[key]);
      out[key] = parsed.success ? parsed.data : (DEFAULT_SETTINGS as Record<string, unknown>)[key];
    }
    return out as Settings;
  }

  update(patch: SettingsPatch): Settings {
    const valid = settingsPatchSchema.parse(patch);
    for (const [k, v] of Object.entries(valid)) if (v !== undefined) this.kv.set(k, v);
    this.cached = null;
    const next = this.get();
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(fn: (s: Settings) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get eventSecret(): string {
    return this.env.eventSecret || this.secrets.eventSecret;
  }

  get eventSecretFromEnv(): boolean {
    return Boolean(this.env.eventSecret);
  }

  get stationToken(): string {
    return this.secrets.stationToken;
  }
}
