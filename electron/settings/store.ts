// Settings on disk through electron-store (in Electron) or its core `conf` (station mode under Node):
// both validate every write against the JSON schema derived from the shared zod schema.
import crypto from 'node:crypto';
import Conf from 'conf';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.js';
import { FILE_MODE, secureDataDir } from '../security/index.js';

/** Secrets kept beside the settings (not user-editable through the settings form, never in `settings.get`). */
export const SECRET_KEYS = ['eventSecret', 'stationToken', 'outboxKey'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];
type StoredShape = Settings & Record<SecretKey, string>;

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
  for (const key of SECRET_KEYS) props[key] = { type: 'string', minLength: 16 };
  return props;
}

export function openConfStore(dataDir: string): KeyValueStore {
  secureDataDir(dataDir);
  return new Conf<StoredShape>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'shiplock',
    schema: confSchema() as never,
    clearInvalidConfig: false,
    configFileMode: FILE_MODE,
  }) as unknown as KeyValueStore;
}

/** Secrets given by the environment win over (and are never written to) the store. */
export interface SecretEnv {
  eventSecret?: string;
  stationToken?: string;
  outboxKey?: string;
}

export class SettingsService {
  private listeners = new Set<(s: Settings) => void>();
  constructor(
    private readonly kv: KeyValueStore,
    private readonly env: SecretEnv = {},
  ) {
    for (const key of SECRET_KEYS) {
      const v = kv.get(key);
      if (typeof v !== 'string' || v.length < 16) kv.set(key, crypto.randomBytes(24).toString('hex'));
      this.generated[key] = typeof v !== 'string' && !env[key];
    }
  }

  /** Which secrets this start generated (station mode prints a new station token once). */
  readonly generated: Record<SecretKey, boolean> = { eventSecret: false, stationToken: false, outboxKey: false };

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

  /** A secret's current value (the environment's, else the stored one). Never part of `get()`. */
  secret(key: SecretKey): string {
    return this.env[key] || (this.kv.get(key) as string);
  }

  fromEnv(key: SecretKey): boolean {
    return Boolean(this.env[key]);
  }

  /** Replaces a stored secret with a fresh one; refused for a secret set by the environment. */
  rotate(key: SecretKey): string {
    if (this.env[key]) throw new Error(`${key} comes from the environment; change it there`);
    const next = crypto.randomBytes(24).toString('hex');
    this.kv.set(key, next);
    for (const l of this.secretListeners) l(key);
    return next;
  }

  private secretListeners = new Set<(key: SecretKey) => void>();
  onSecretRotated(fn: (key: SecretKey) => void): () => void {
    this.secretListeners.add(fn);
    return () => this.secretListeners.delete(fn);
  }

  get eventSecret(): string {
    return this.secret('eventSecret');
  }

  get eventSecretFromEnv(): boolean {
    return this.fromEnv('eventSecret');
  }

  get stationToken(): string {
    return this.secret('stationToken');
  }

  /** Signs outgoing outbox deliveries: its own key, never the secret that authenticates incoming events. */
  get outboxKey(): string {
    return this.secret('outboxKey');
  }
}
