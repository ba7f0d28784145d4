// The supervisor PIN: at least 6 digits, hashed with scrypt off the main thread (libuv pool), tries
// serialised so parallel guesses queue up, 5 wrong tries lock it for 15 minutes station-wide and raise a
// `pin_bruteforce` alert, every try written to audit_log. The first PIN is set only from the desktop app
// or the station's terminal (SHIPLOCK_SUPERVISOR_PIN / --set-pin), never by an API caller.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';

const scrypt = promisify(crypto.scrypt) as (pin: string, salt: string, len: number) => Promise<Buffer>;

export const PIN_KEY = 'supervisorPinHash';
const GUARD_KEY = 'supervisorPinGuard';
export const PIN_PATTERN = /^\d{6,12}$/;
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCKOUT_MS = 15 * 60_000;

export interface PinKv {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface PinDeps {
  kv: PinKv;
  db: Db;
  now: () => number;
  /** Raise (or clear) the station-wide pin_bruteforce alert. */
  onLockout?: (detail: string) => void;
  onRecovered?: () => void;
  maxFailures?: number;
  lockoutMs?: number;
}

export type PinVia = 'desktop' | 'terminal' | 'env' | 'api';

interface GuardState {
  failures: number;
  lockedUntil: number;
}

export class PinGuard {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly d: PinDeps) {}

  isSet(): boolean {
    return typeof this.d.kv.get(PIN_KEY) === 'string';
  }

  /** The time the lockout ends, or null. */
  lockedUntil(): number | null {
    const g = this.guard();
    return g.lockedUntil > this.d.now() ? g.lockedUntil : null;
  }

  private guard(): GuardState {
    const g = this.d.kv.get(GUARD_KEY) as Partial<GuardState> | undefined;
    return { failures: Number(g?.failures) || 0, lockedUntil: Number(g?.lockedUntil) || 0 };
  }

  private audit(actor: string, action: string, tid: string | null, detail: string): void {
    this.d.db.run(
      sql`INSERT INTO audit_log (at, actor, action, tid, detail) VALUES (${this.d.now()}, ${actor}, ${action}, ${tid}, ${detail})`,
    );
  }

  /** One at a time: a burst of parallel guesses is checked (and counted) in order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private static validate(pin: string, path: string): void {
    if (!PIN_PATTERN.test(pin)) throw new ApiError(400, 'invalid_input', `${path}: 主管密码须为 6–12 位数字 (6–12 digits)`, path);
  }

  private async store(pin: string): Promise<void> {
    const salt = crypto.randomBytes(16).toString('hex');
    this.d.kv.set(PIN_KEY, `${salt}:${(await scrypt(pin, salt, 32)).toString('hex')}`);
    this.d.kv.set(GUARD_KEY, { failures: 0, lockedUntil: 0 });
  }

  private async matches(pin: string): Promise<boolean> {
    const stored = this.d.kv.get(PIN_KEY);
    if (typeof stored !== 'string' || typeof pin !== 'string' || pin.length > 64) return false;
    const [salt, digest] = stored.split(':');
    if (!salt || !digest) return false;
    const given = await scrypt(pin, salt, 32);
    const want = Buffer.from(digest, 'hex');
    return given.length === want.length && crypto.timingSafeEqual(given, want);
  }

  /** The first PIN: only from the desktop app or the station's terminal. */
  setInitial(pin: string, actor: string, via: Exclude<PinVia, 'api'>): Promise<void> {
    return this.serial(async () => {
      if (this.isSet()) throw new ApiError(409, 'pin_already_set', '主管密码已设置;修改需要当前密码', 'newPin');
      PinGuard.validate(pin, 'newPin');
      await this.store(pin);
      this.audit(actor, 'pin_set', null, `via ${via}`);
    });
  }

  /** The machine owner (terminal) replaces the PIN without the current one, e.g. when it is forgotten. */
  reset(pin: string, actor: string, via: 'terminal' | 'desktop'): Promise<void> {
    PinGuard.validate(pin, 'newPin');
    return this.serial(async () => {
      await this.store(pin);
      this.audit(actor, 'pin_reset', null, `via ${via}`);
    });
  }

  /**
   * Checks a PIN for an action (reveal, change). Returns whether it matched; throws 403 when no PIN is
   * set and 429 while locked out. Every try is audited; the caller refuses on false.
   */
  check(pin: string, actor: string, o: { tid?: string | null; purpose: string }): Promise<boolean> {
    return this.serial(async () => {
      if (!this.isSet()) throw new ApiError(403, 'forbidden', '未设置主管密码 (set it in the desktop app or the station terminal)', 'pin');
      const now = this.d.now();
      const g = this.guard();
      if (g.lockedUntil > now) {
        this.audit(actor, 'pin_locked_out', o.tid ?? null, `${o.purpose}: tried while locked`);
        const mins = Math.ceil((g.lockedUntil - now) / 60_000);
        throw new ApiError(429, 'pin_locked', `主管密码错误次数过多,已锁定,请 ${mins} 分钟后再试 (locked for ${mins} min)`, 'pin');
      }
      const ok = await this.matches(pin);
      if (ok) {
        if (g.failures || g.lockedUntil) {
          this.d.kv.set(GUARD_KEY, { failures: 0, lockedUntil: 0 });
          if (g.lockedUntil) this.d.onRecovered?.();
        }
        this.audit(actor, 'pin_ok', o.tid ?? null, o.purpose);
        return true;
      }
      const failures = g.failures + 1;
      const max = this.d.maxFailures ?? MAX_PIN_FAILURES;
      this.audit(actor, 'pin_failed', o.tid ?? null, `${o.purpose}: try ${failures} of ${max}`);
      if (failures >= max) {
        const until = now + (this.d.lockoutMs ?? PIN_LOCKOUT_MS);
        this.d.kv.set(GUARD_KEY, { failures: 0, lockedUntil: until });
        const detail = `${max} wrong supervisor PINs in a row (last by ${actor}); locked until ${new Date(until).toISOString()}`;
        this.audit(actor, 'pin_lockout', o.tid ?? null, detail);
        this.d.onLockout?.(detail);
      } else {
        this.d.kv.set(GUARD_KEY, { failures, lockedUntil: 0 });
      }
      return false;
    });
  }

  /** Changes the PIN: API callers need the current one (a try like any other); the first PIN is refused. */
  async change(current: string | undefined, next: string, actor: string, via: PinVia): Promise<void> {
    PinGuard.validate(next, 'newPin');
    if (!this.isSet()) {
      if (via === 'api') {
        throw new ApiError(
          403,
          'pin_setup_local_only',
          '首次设置主管密码只能在桌面版或工作站终端进行 (SHIPLOCK_SUPERVISOR_PIN) — the first PIN is set on the station itself',
          'newPin',
        );
      }
      return this.setInitial(next, actor, via);
    }
    if (!(await this.check(current ?? '', actor, { purpose: 'change PIN' }))) {
      throw new ApiError(403, 'forbidden', '当前主管密码不正确', 'currentPin');
    }
    await this.serial(async () => {
      await this.store(next);
      this.audit(actor, 'pin_changed', null, `via ${via}`);
    });
  }
}
