// node-cron jobs in the main process: one task per check, its schedule from settings, no overlap,
// in the station's time zone. The last run of each job is kept in SQLite; a job whose last run is
// older than its interval (the station was off) runs once at start to catch up.
import cron, { type ScheduledTask } from 'node-cron';
import { CHECK_JOBS, type CheckJob, type Settings } from '../../shared/settings.js';
import type { WriteContext } from '../app/context.js';
import { sql, type Db } from '../db/sql.js';
import type { JobFn, JobResult } from './jobs.js';

export interface SchedulerDeps {
  db: Db;
  settings: () => Settings;
  now: () => number;
  write: <T>(fn: (ctx: WriteContext) => T) => T;
  /** Each job's work (composed in app/core.ts: the interception wait job comes from interception). */
  jobs: Record<CheckJob, JobFn>;
  /** Called after each run with the alerts that became critical. */
  onResults?: (results: JobResult[]) => void;
}

export interface JobRun {
  name: CheckJob;
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  runs: number;
}

export class CheckScheduler {
  private tasks: ScheduledTask[] = [];
  private busy = new Set<CheckJob>();
  /** Ticks that fell while an import held the store; run when it lets go. */
  private readonly deferred = new Set<CheckJob>();
  constructor(private readonly d: SchedulerDeps) {
    d.db.gate.onChange((open) => {
      if (open && this.deferred.size) setImmediate(() => this.runDeferred());
    });
  }

  /**
   * Runs the ticks an import held back, in job order, one job per turn of the event loop, so requests
   * that arrived meanwhile (health, scans, SSE) are answered between them.
   */
  runDeferred(): void {
    if (this.d.db.gate.closed) return;
    const job = CHECK_JOBS.find((j) => this.deferred.has(j));
    if (!job) return;
    this.deferred.delete(job);
    const r = this.runJob(job);
    if (r) this.d.onResults?.([r]);
    if (this.deferred.size) setImmediate(() => this.runDeferred());
  }

  /** Jobs whose next run must be a full one (after a settings change, at start, or on request). */
  private fullNext = new Set<CheckJob>(CHECK_JOBS);

  /** Marks every job for a full run (settings that change what the rules decide). */
  invalidate(): void {
    for (const j of CHECK_JOBS) this.fullNext.add(j);
  }

  /**
   * Runs one job now in its own transaction and records the run. `full` reconciles everything; otherwise a
   * job may look only at what changed since its last run. Skipped (null) while it is already running.
   */
  runJob(job: CheckJob, full = false): JobResult | null {
    if (this.busy.has(job)) return null;
    this.busy.add(job);
    const started = performance.now();
    try {
      const last = this.runs().find((r) => r.name === job)?.lastRunAt ?? null;
      const now = this.d.now();
      const since = full || this.fullNext.has(job) || last == null || last > now ? null : last;
      const result = this.d.write((ctx) => this.d.jobs[job](ctx, since));
      this.fullNext.delete(job);
      this.record(job, performance.now() - started, null);
      return result;
    } catch (e) {
      this.record(job, performance.now() - started, (e as Error).message);
      console.error(`[shiplock] check ${job} failed`, e);
      return null;
    } finally {
      this.busy.delete(job);
    }
  }

  /** Every check now, in full (POST /api/checks/run and the "run checks" button). */
  runAll(): JobResult[] {
    const results = CHECK_JOBS.map((j) => this.runJob(j, true)).filter((r): r is JobResult => r != null);
    this.d.onResults?.(results);
    return results;
  }

  /**
   * Records a run. It never throws: it is called from a timer's turn (and from runJob's catch), where a failed
   * write (SQLITE_BUSY, a full disk) would otherwise take the station down. The run is then simply not recorded.
   */
  private record(job: CheckJob, ms: number, error: string | null): void {
    const at = this.d.now();
    try {
      this.d.db
        .run(sql`INSERT INTO job_runs (name, last_run_at, last_duration_ms, last_error, runs) VALUES (${job}, ${at}, ${ms}, ${error}, 1)
      ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_duration_ms = excluded.last_duration_ms,
        last_error = excluded.last_error, runs = runs + 1`);
    } catch (e) {
      console.error(`[shiplock] could not record the run of check ${job}`, e);
    }
  }

  runs(): JobRun[] {
    const rows = this.d.db.all<{ name: CheckJob; last_run_at: number; last_duration_ms: number; last_error: string | null; runs: number }>(
      sql`SELECT name, last_run_at, last_duration_ms, last_error, runs FROM job_runs`,
    );
    return CHECK_JOBS.map((name) => {
      const r = rows.find((x) => x.name === name);
      return {
        name,
        lastRunAt: r?.last_run_at ?? null,
        lastDurationMs: r?.last_duration_ms ?? null,
        lastError: r?.last_error ?? null,
        runs: r?.runs ?? 0,
      };
    });
  }

  /** The gap between two scheduled runs of an expression (its interval), in ms. */
  static interval(expression: string, timeZone: string): number {
    const probe = cron.createTask(expression, () => undefined, { timezone: timeZone });
    try {
      const [a, b] = probe.getNextRuns(2);
      return a && b ? b.getTime() - a.getTime() : 60_000;
    } finally {
      void probe.destroy();
    }
  }

  /** Jobs that missed at least one scheduled run (never ran, or last ran longer ago than their interval). */
  missed(): CheckJob[] {
    const s = this.d.settings();
    const now = this.d.now();
    const runs = this.runs();
    return CHECK_JOBS.filter((job) => {
      const last = runs.find((r) => r.name === job)?.lastRunAt;
      return last == null || now - last > CheckScheduler.interval(s.checkSchedules[job], s.timeZone);
    });
  }

  /** Catch-up runs for missed jobs, then one node-cron task per job. */
  start(): CheckJob[] {
    const caught = this.missed();
    const results = caught.map((j) => this.runJob(j, true)).filter((r): r is JobResult => r != null);
    if (results.length) this.d.onResults?.(results);
    this.schedule();
    return caught;
  }

  /** (Re)creates the tasks from the current settings. */
  schedule(): void {
    this.stop();
    const s = this.d.settings();
    for (const job of CHECK_JOBS) {
      const expr = s.checkSchedules[job];
      if (!cron.validate(expr)) {
        console.error(`[shiplock] schedule of ${job} “${expr}” is not a valid cron expression; using every minute`);
      }
      const task = cron.schedule(
        cron.validate(expr) ? expr : '* * * * *',
        () => {
          // An import holds the store (its worker's transaction): run this tick once it commits.
          if (this.d.db.gate.closed) return void this.deferred.add(job);
          const r = this.runJob(job);
          if (r) this.d.onResults?.([r]);
        },
        { name: `shiplock:${job}`, timezone: s.timeZone, noOverlap: true, unref: true },
      );
      this.tasks.push(task);
    }
  }

  stop(): void {
    for (const t of this.tasks) void t.destroy();
    this.tasks = [];
  }
}
