// Revealing or rotating the station's secrets is its own audited action, offered only where the
// machine's owner sits: the desktop app (IPC, not the HTTP contract) and the station's terminal.
import { sql, type Db } from '../db/sql.js';

export type SecretName = 'eventSecret' | 'stationToken' | 'outboxKey';
export const SECRET_NAMES: SecretName[] = ['eventSecret', 'stationToken', 'outboxKey'];

/** The part of SettingsService this needs (structural, so security/ does not import settings/ internals). */
export interface SecretSource {
  secret(key: SecretName): string;
  fromEnv(key: SecretName): boolean;
  rotate(key: SecretName): string;
}

export interface RevealedSecrets {
  eventSecret: string;
  stationToken: string;
  outboxKey: string;
  fromEnv: Record<SecretName, boolean>;
}

export type SecretsVia = 'desktop' | 'terminal';

export class SecretDesk {
  constructor(private readonly o: { source: SecretSource; db: Db; now: () => number }) {}

  private audit(actor: string, action: string, detail: string) {
    this.o.db.run(
      sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${this.o.now()}, ${actor}, ${action}, NULL, ${detail})`,
    );
  }

  reveal(actor: string, via: SecretsVia): RevealedSecrets {
    this.audit(actor, 'secrets_revealed', `via ${via}`);
    const s = this.o.source;
    return {
      eventSecret: s.secret('eventSecret'),
      stationToken: s.secret('stationToken'),
      outboxKey: s.secret('outboxKey'),
      fromEnv: Object.fromEntries(SECRET_NAMES.map((k) => [k, s.fromEnv(k)])) as Record<SecretName, boolean>,
    };
  }

  rotate(name: SecretName, actor: string, via: SecretsVia): string {
    if (!SECRET_NAMES.includes(name)) throw new Error(`unknown secret ${String(name)}`);
    const next = this.o.source.rotate(name);
    this.audit(actor, 'secret_rotated', `${name} via ${via}`);
    return next;
  }
}
