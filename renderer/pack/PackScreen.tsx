// 打包台: full screen, no mouse needed, made for a USB scanner (fast keys, then Enter or Tab).
// Fails closed: the order on screen is watched through the change push and turns red the moment a line
// locks; 出库 asks the main process again; without the station the screen stops (工作站离线 · 停止打包).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PackStats, ParcelLine, ScanBlock, ScanResult } from '../../shared/api/contract.js';
import { endsScan, normalizeScan, orderCodeForms, tallyDone, tallyLeft, tick, type Tally } from '../../shared/rules/scan.js';
import { formatShort } from '../../shared/rules/time.js';
import { ApiClientError, isNetworkError, send, subscribe } from '../api/client.js';
import { errorText } from '../data/errors.js';
import { useConnection } from '../api/connection.js';
import { FlagDot } from '../components/FlagDot.js';
import { LockPill } from '../components/LockPill.js';
import { playSound, startLoop, stopLoop } from '../components/sound.js';
import { useApp } from '../context.js';
import { PackSettingsDialog } from './PackSettingsDialog.js';
import { usePackSettings, type PackMode } from './packSettings.js';
import './pack.css';

export const ACK_KEY = 'F2';
export const OUT_KEY = 'F4';
export const SETTINGS_KEY = 'F10';
const SOURCES = ['customer_service', 'buyer_card', 'platform', 'manual'];
const HISTORY = 8;
const ALARM_EVERY_MS = 2_500;

type Outcome = 'ok' | 'blocked' | 'multi' | 'none' | 'error' | 'wrong' | 'out' | 'refused' | 'left';
interface HistoryItem {
  at: number;
  code: string;
  outcome: Outcome;
  tid: string | null;
  acknowledged?: boolean;
}

interface Current {
  code: string;
  tid: string;
  result: ScanResult;
  parcel: ParcelLine[];
  tally: Tally;
  mode: PackMode;
  lastOid: string | null;
}
type FlashKind = 'none' | 'wrong' | 'too_many' | 'incomplete' | 'network' | 'refused' | 'error' | 'already_out';
interface Flash {
  kind: FlashKind;
  code: string;
  text: string;
}
interface Model {
  current: Current | null;
  block: { block: ScanBlock; code: string; why: 'scan' | 'live' | 'out' } | null;
  flash: Flash | null;
  multi: ScanResult | null;
  done: { tid: string; pieces: number; seq: number | null } | null;
  acked: string | null;
  /** Went offline: stays stopped until the clerk acknowledges with the station back. */
  offlineLatch: boolean;
  /** Scans refused while stopped (red block or offline). */
  refused: number;
}
const EMPTY: Model = { current: null, block: null, flash: null, multi: null, done: null, acked: null, offlineLatch: false, refused: 0 };

type Task = { kind: 'scan'; code: string } | { kind: 'recheck' } | { kind: 'finish' };

/** The order number or one of its waybills again (any printed form): the packer is done with this parcel. */
function isCurrentOrderCode(cur: Current, code: string): boolean {
  const forms = orderCodeForms(code);
  const tracking = cur.result.order?.lines.map((l) => l.trackingNo).filter((x): x is string => !!x) ?? [];
  return (
    forms.includes(cur.tid) ||
    (cur.result.match !== 'barcode' && forms.includes(normalizeScan(cur.code))) ||
    tracking.some((tn) => forms.some((f) => f.toUpperCase() === tn.toUpperCase()))
  );
}

const pieces = (lines: ParcelLine[]) => lines.reduce((n, l) => n + l.qty, 0);
const errorCode = (e: unknown) => (e instanceof ApiClientError ? e.code : 'error');

export function PackScreen() {
  const { t } = useTranslation();
  const { settings, navigate } = useApp();
  const [pack, savePack] = usePackSettings();
  const station = pack.station || settings.stationName;
  const { online, reconnects } = useConnection();
  const inputRef = useRef<HTMLInputElement>(null);
  const [model, setModelState] = useState<Model>(EMPTY);
  const m = useRef<Model>(EMPTY);
  const setModel = useCallback((fn: (x: Model) => Model) => {
    m.current = fn(m.current);
    setModelState(m.current);
  }, []);
  const [busy, setBusy] = useState(false);
  const queue = useRef<Task[]>([]);
  const running = useRef(false);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [stats, setStats] = useState<PackStats | null>(null);
  const [editing, setEditing] = useState(false);
  const [acking, setAcking] = useState(false);
  const tz = settings.timeZone;
  const onlineRef = useRef(online);
  onlineRef.current = online;
  const packRef = useRef(pack);
  packRef.current = pack;
  const stationRef = useRef(station);
  stationRef.current = station;

  const stopped = !online || model.offlineLatch || model.block != null;
  const stoppedRef = useRef(stopped);
  stoppedRef.current = stopped || editing;

  const addHistory = useCallback((code: string, outcome: Outcome, tid: string | null) => {
    setHistory((h) => [{ at: Date.now(), code, outcome, tid }, ...h].slice(0, HISTORY));
  }, []);

  const loadStats = useCallback(() => {
    send('pack.stats', { station: stationRef.current }).then(setStats, () => undefined);
  }, []);
  useEffect(() => loadStats(), [loadStats, station]);

  // ---- outcomes ----
  const showBlock = useCallback(
    (block: ScanBlock, code: string, why: 'scan' | 'live' | 'out') => {
      setModel((x) => ({ ...x, block: { block, code, why }, current: null, flash: null, multi: null, done: null, acked: null }));
      addHistory(code, 'blocked', block.tid);
      queue.current = []; // nothing else is scanned until the block is acknowledged
    },
    [addHistory, setModel],
  );

  const flash = useCallback(
    (kind: FlashKind, code: string, text: string) => {
      setModel((x) => ({ ...x, flash: { kind, code, text }, done: null }));
      playSound(kind === 'network' ? 'offline' : kind === 'none' ? 'warn' : 'wrong');
      addHistory(
        code,
        kind === 'none' ? 'none' : kind === 'network' || kind === 'error' ? 'error' : 'wrong',
        m.current.current?.tid ?? null,
      );
    },
    [addHistory, setModel],
  );

  const failed = useCallback(
    (code: string, e: unknown) => {
      if (isNetworkError(e)) flash('network', code, t('pack.err.network'));
      else flash(errorCode(e) === 'already_out' ? 'already_out' : 'error', code, errorText(e, t));
    },
    [flash, t],
  );

  /** A scan result that opens an order (or shows candidates / not found). */
  const open = useCallback(
    (r: ScanResult) => {
      if (r.blocked) {
        showBlock(r.blocked, r.code, 'scan');
        return;
      }
      if (r.order && r.parcel.length) {
        // Found by an item barcode (the only open order needing it): that item counts as the first one checked.
        const first = r.match === 'barcode' ? tick(r.parcel, {}, r.code) : null;
        const cur: Current = {
          code: r.code,
          tid: r.order.tid,
          result: r,
          parcel: r.parcel,
          tally: first?.ok ? first.tally : {},
          mode: packRef.current.mode,
          lastOid: first?.ok ? first.oid : null,
        };
        setModel((x) => ({ ...x, current: cur, flash: null, multi: null, done: null, acked: null }));
        addHistory(r.code, 'ok', r.order.tid);
        playSound('ok');
        return;
      }
      const empty = nothingToPack(r, t);
      if (empty) {
        flash('error', r.code, empty);
        return;
      }
      if (r.order && r.alreadyOut) {
        flash(
          'already_out',
          r.code,
          t('pack.err.alreadyOut', { tid: r.order.tid, station: r.alreadyOut.station, at: formatShort(r.alreadyOut.at, tz) }),
        );
        return;
      }
      if (r.candidates.length > 1) {
        setModel((x) => ({ ...x, multi: r, flash: null, done: null }));
        addHistory(r.code, 'multi', null);
        playSound('warn');
        return;
      }
      flash('none', r.code, t('pack.none'));
    },
    [addHistory, flash, setModel, showBlock, t, tz],
  );

  /** 出库: the final step, asked again of the main process. */
  const finish = useCallback(async (): Promise<boolean> => {
    const cur = m.current.current;
    if (!cur) return true;
    if (cur.mode === 'verify' && !tallyDone(cur.parcel, cur.tally)) {
      flash('incomplete', cur.code, t('pack.err.incomplete', { count: tallyLeft(cur.parcel, cur.tally) }));
      return false;
    }
    try {
      const r = await send('pack.out', {
        tid: cur.tid,
        code: cur.code,
        mode: cur.mode,
        lines: cur.parcel.map((l) => ({ oid: l.oid, qty: cur.mode === 'verify' ? (cur.tally[l.oid] ?? 0) : l.qty })),
        station: stationRef.current,
        clerk: packRef.current.clerk || undefined,
      });
      if (!r.ok) {
        showBlock(r.blocked, cur.code, 'out');
        return false;
      }
      setModel((x) => ({
        ...x,
        current: null,
        flash: null,
        done: { tid: cur.tid, pieces: pieces(cur.parcel), seq: cur.result.slot?.seq ?? null },
      }));
      setStats(r.stats);
      addHistory(cur.code, 'out', cur.tid);
      playSound('out');
      return true;
    } catch (e) {
      failed(cur.code, e);
      return false;
    }
  }, [addHistory, failed, flash, setModel, showBlock, t]);

  /** The order on screen, asked again (a push said it changed, or the station came back). */
  const recheck = useCallback(async () => {
    const cur = m.current.current;
    if (!cur) return;
    try {
      const r = await send('pack.scan', { code: cur.code });
      if (m.current.current?.tid !== cur.tid) return;
      if (r.blocked) return showBlock(r.blocked, cur.code, 'live');
      if (!r.parcel.length) {
        setModel((x) => ({ ...x, current: null }));
        const empty = nothingToPack(r, t);
        if (empty) flash('error', cur.code, empty);
        else if (r.alreadyOut)
          flash(
            'already_out',
            cur.code,
            t('pack.err.alreadyOut', { tid: cur.tid, station: r.alreadyOut.station, at: formatShort(r.alreadyOut.at, tz) }),
          );
        return;
      }
      // Keep the ticks of lines still in the parcel, capped at their counts.
      const tally: Tally = {};
      for (const l of r.parcel) if (cur.tally[l.oid]) tally[l.oid] = Math.min(cur.tally[l.oid]!, l.qty);
      setModel((x) => ({ ...x, current: x.current && { ...x.current, result: r, parcel: r.parcel, tally } }));
    } catch (e) {
      if (!isNetworkError(e)) failed(cur.code, e);
    }
  }, [failed, flash, setModel, showBlock, t, tz]);

  const handleScan = useCallback(
    async (code: string) => {
      const cur = m.current.current;
      if (cur) {
        // The waybill or order number again: 出库.
        if (isCurrentOrderCode(cur, code)) return void (await finish());
        if (cur.mode === 'verify') {
          const r = tick(cur.parcel, cur.tally, code);
          if (r.ok) {
            setModel((x) => ({ ...x, flash: null, current: x.current && { ...x.current, tally: r.tally, lastOid: r.oid } }));
            playSound(r.done ? 'out' : 'ok');
            return;
          }
          if (r.error === 'too_many') {
            const l = cur.parcel.find((p) => p.oid === r.oid)!;
            return flash('too_many', code, t('pack.err.tooMany', { sku: l.sku, qty: l.qty }));
          }
        }
      }
      let r: ScanResult;
      try {
        r = await send('pack.scan', { code });
      } catch (e) {
        return failed(code, e);
      }
      if (cur) {
        const isOrder = r.match === 'tid' || r.match === 'tracking';
        if (isOrder && r.order?.tid === cur.tid) return void (await finish());
        if (cur.mode === 'verify' && !isOrder) {
          return r.match === 'none' ? flash('none', code, t('pack.none')) : flash('wrong', code, t('pack.err.wrongItem'));
        }
        if (cur.mode === 'quick' && !isOrder && r.order?.tid === cur.tid) return playSound('ok');
        if (r.order || r.candidates.length > 1) {
          // Another order: a finished one goes out first (the final lock check); an unfinished 验货 is left.
          if (cur.mode === 'quick' || tallyDone(cur.parcel, cur.tally)) {
            if (!(await finish())) return;
          } else {
            addHistory(cur.code, 'left', cur.tid);
            setModel((x) => ({ ...x, current: null }));
          }
        } else return r.match === 'none' ? flash('none', code, t('pack.none')) : flash('wrong', code, t('pack.err.wrongItem'));
      }
      open(r);
    },
    [addHistory, failed, finish, flash, open, setModel, t],
  );

  // ---- one queue: scans, re-checks and 出库 run in order, one at a time ----
  const runQueue = useCallback(() => {
    if (running.current) return;
    const task = queue.current.shift();
    if (!task) return;
    running.current = true;
    setBusy(true);
    const work = task.kind === 'scan' ? handleScan(task.code) : task.kind === 'recheck' ? recheck() : finish().then(() => undefined);
    void work.finally(() => {
      running.current = false;
      setBusy(false);
      runQueue();
    });
  }, [finish, handleScan, recheck]);
  const enqueue = useCallback(
    (task: Task, first = false) => {
      if (first) queue.current.unshift(task);
      else queue.current.push(task);
      runQueue();
    },
    [runQueue],
  );

  /** A scan while stopped: refused, loudly. */
  const refuse = useCallback(
    (code: string) => {
      setModel((x) => ({ ...x, refused: x.refused + 1 }));
      addHistory(code, 'refused', null);
      playSound(onlineRef.current ? 'alarm' : 'offline');
    },
    [addHistory, setModel],
  );

  const submitText = useCallback(
    (raw: string) => {
      const code = normalizeScan(raw).slice(0, 64);
      if (!code) return;
      if (stoppedRef.current) return refuse(code);
      enqueue({ kind: 'scan', code });
    },
    [enqueue, refuse],
  );

  // ---- acknowledgements ----
  const acknowledge = useCallback(() => {
    const x = m.current;
    if (x.offlineLatch) {
      if (!onlineRef.current) return playSound('offline');
      // Back online: the order on screen is re-checked before anything else.
      setModel((y) => ({ ...y, offlineLatch: false, refused: 0, flash: null }));
      enqueue({ kind: 'recheck' }, true);
      loadStats();
      return;
    }
    const b = x.block;
    if (!b || acking) return;
    setAcking(true);
    send('pack.acknowledge', { code: b.code, tid: b.block.tid, station: stationRef.current, clerk: packRef.current.clerk || undefined })
      .then(() => {
        setHistory((h) => h.map((i) => (i.outcome === 'blocked' && i.tid === b.block.tid ? { ...i, acknowledged: true } : i)));
        setModel((y) => ({ ...y, block: null, acked: b.block.tid, refused: 0, flash: null }));
      })
      .catch((e: unknown) => {
        if (isNetworkError(e)) playSound('offline');
      })
      .finally(() => setAcking(false));
  }, [acking, enqueue, loadStats, setModel]);

  // ---- the order on screen is watched: any change to it is asked again at once ----
  useEffect(
    () =>
      subscribe((e) => {
        const cur = m.current.current;
        if (!cur) return;
        const mine =
          (e.kind === 'orders.changed' && (e.tids.length === 0 || e.tids.includes(cur.tid))) ||
          (e.kind === 'interception.new' && e.items.some((i) => i.tid === cur.tid));
        if (mine) enqueue({ kind: 'recheck' }, true);
      }),
    [enqueue],
  );

  // ---- offline: stop, and stay stopped until acknowledged with the station back ----
  useEffect(() => {
    if (online) return;
    queue.current = []; // nothing queued runs against a station that is not there
    setModel((x) => (x.offlineLatch ? x : { ...x, offlineLatch: true, refused: 0 }));
  }, [online, setModel]);
  useEffect(() => {
    if (reconnects > 0 && !m.current.current) loadStats();
  }, [reconnects, loadStats]);

  // ---- alarms: repeat until acknowledged ----
  const offlineStop = !online || model.offlineLatch;
  useEffect(() => {
    if (!offlineStop) return;
    startLoop('pack-offline', 'offline', ALARM_EVERY_MS);
    return () => stopLoop('pack-offline');
  }, [offlineStop]);
  const blockedNow = model.block != null && !offlineStop;
  useEffect(() => {
    if (!blockedNow) return;
    startLoop('pack-block', 'alarm', ALARM_EVERY_MS);
    return () => stopLoop('pack-block');
  }, [blockedNow]);

  // ---- focus: always on the scan field, except in the settings dialog ----
  const focusScan = useCallback(() => {
    if (editing) return;
    const el = inputRef.current;
    if (el && !el.disabled && document.activeElement !== el) el.focus();
  }, [editing]);
  useEffect(() => {
    focusScan();
    const id = setInterval(focusScan, 500);
    window.addEventListener('focus', focusScan);
    document.addEventListener('click', focusScan);
    return () => {
      clearInterval(id);
      window.removeEventListener('focus', focusScan);
      document.removeEventListener('click', focusScan);
    };
  }, [focusScan]);
  useEffect(() => {
    if (!stopped) setTimeout(focusScan, 0);
  }, [stopped, focusScan]);

  // ---- keys: F2 acknowledges, F4 出库, F10 settings, Esc leaves; scans while stopped are heard and refused ----
  const buffer = useRef('');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (editing) return;
      if (e.key === ACK_KEY) {
        e.preventDefault();
        acknowledge();
      } else if (e.key === OUT_KEY) {
        e.preventDefault();
        if (stoppedRef.current) return refuse(OUT_KEY);
        if (m.current.current) enqueue({ kind: 'finish' });
      } else if (e.key === SETTINGS_KEY) {
        e.preventDefault();
        if (!stoppedRef.current) setEditing(true);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!stoppedRef.current) navigate('pending');
      } else if (stoppedRef.current && e.target !== inputRef.current) {
        // The scan field is disabled: collect the scanner's keys here so the scan is refused, not lost.
        if (endsScan(e.key)) {
          e.preventDefault();
          if (buffer.current) refuse(normalizeScan(buffer.current));
          buffer.current = '';
        } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey) buffer.current = (buffer.current + e.key).slice(-64);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [acknowledge, editing, enqueue, navigate, refuse]);

  // ---- what to show ----
  const cur = model.current;
  const state = offlineStop
    ? 'offline'
    : model.block
      ? 'blocked'
      : cur
        ? model.flash
          ? `order-${model.flash.kind}`
          : 'ok'
        : model.multi
          ? 'multi'
          : model.flash
            ? model.flash.kind === 'none'
              ? 'none'
              : model.flash.kind === 'network'
                ? 'network'
                : 'error'
            : model.done
              ? 'out'
              : 'idle';

  return (
    <div className={`pack state-${state}`} data-testid="pack-screen" data-state={state}>
      <header className="pack-bar">
        <div className="pack-brand">
          <span className="brand-mark">锁</span>
          <span>{t('pack.title')}</span>
          <span className="muted" data-testid="pack-station">
            · {station}
            {pack.clerk ? ` · ${t('pack.clerk')} ${pack.clerk}` : ''}
          </span>
          <span className={`pack-mode-tag m-${pack.mode}`} data-testid="pack-mode">
            {t(`pack.mode.${pack.mode}`)}
          </span>
        </div>
        <div className="pack-counter" data-testid="pack-counter">
          <span>
            {t('pack.count.today')} <b data-testid="pack-count-today">{stats?.today ?? '—'}</b>
          </span>
          <span>
            {t('pack.count.hour')} <b data-testid="pack-count-hour">{stats?.hour ?? '—'}</b>
          </span>
          {stats?.batch && (
            <span className="mono" data-testid="pack-count-batch">
              {stats.batch.batchNo}{' '}
              <b>
                {stats.batch.done}/{stats.batch.total}
              </b>
            </span>
          )}
        </div>
        <button className="btn" disabled={stopped} onClick={() => setEditing(true)} data-testid="pack-settings">
          {t('pack.settings')} ({SETTINGS_KEY})
        </button>
        <button className="btn" disabled={stopped} onClick={() => navigate('pending')} data-testid="pack-exit">
          {t('pack.exit')}
        </button>
      </header>

      <div className="pack-scan">
        <input
          ref={inputRef}
          className="pack-input mono"
          data-testid="pack-input"
          disabled={stopped}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={80}
          placeholder={
            offlineStop ? t('pack.offline.input') : model.block ? t('pack.lockedInput', { key: ACK_KEY }) : t('pack.placeholder')
          }
          onBlur={() => setTimeout(focusScan, 0)}
          onKeyDown={(e) => {
            if (endsScan(e.key) && !e.nativeEvent.isComposing) {
              e.preventDefault(); // Tab must not move the focus
              const el = e.currentTarget;
              const v = el.value;
              el.value = '';
              submitText(v);
            }
          }}
          onPaste={(e) => {
            const text = e.clipboardData.getData('text');
            if (/[\t\r\n]/.test(text.trim())) {
              e.preventDefault();
              for (const c of text.split(/[\t\r\n]+/)) submitText(c);
            }
          }}
        />
        <div className="pack-keys">
          {offlineStop
            ? t('pack.offline.keys', { key: ACK_KEY })
            : model.block
              ? t('pack.keysBlocked', { key: ACK_KEY })
              : t(pack.mode === 'quick' ? 'pack.keysQuick' : 'pack.keys', { out: OUT_KEY })}
        </div>
        {busy && <span className="pack-busy">{t('pack.busy')}</span>}
      </div>

      <section className="pack-result" data-testid="pack-result" aria-live="assertive">
        {offlineStop ? (
          <OfflineStop online={online} refused={model.refused} />
        ) : model.block ? (
          <BlockView b={model.block.block} why={model.block.why} refused={model.refused} acking={acking} onAck={acknowledge} />
        ) : cur ? (
          <OrderView cur={cur} flash={model.flash} />
        ) : model.multi ? (
          <MultiView r={model.multi} tz={tz} />
        ) : model.flash ? (
          <FlashView f={model.flash} />
        ) : model.done ? (
          <div className="pack-done" data-testid="pack-out-done" data-tid={model.done.tid}>
            <div className="pack-big">✓ {t('pack.outDone')}</div>
            <div className="pack-tid mono">{model.done.tid}</div>
            <div className="pack-sub">
              {t('pack.pieces', { count: model.done.pieces })}
              {model.done.seq != null ? ` · ${t('pack.seq')} ${model.done.seq}` : ''}
            </div>
            <div className="pack-hint">{t('pack.idleNext')}</div>
          </div>
        ) : (
          <div className="pack-idle">
            {model.acked && (
              <div className="pack-acked" data-testid="pack-acked">
                {t('pack.acked', { tid: model.acked })}
              </div>
            )}
            <div className="pack-hint">{t('pack.idle')}</div>
            <div className="pack-hint small">{t(`pack.modeHint.${pack.mode}`, { out: OUT_KEY })}</div>
          </div>
        )}
      </section>

      <footer className="pack-history" data-testid="pack-history">
        <span className="muted">{t('pack.history')}</span>
        {history.map((h, i) => (
          <span key={i} className={`hist-chip h-${h.outcome}`}>
            <span className="mono">{formatShort(h.at, tz).slice(6)}</span>
            <span className="mono">{h.tid ?? h.code}</span>
            <b>
              {t(`pack.outcome.${h.outcome}`)}
              {h.acknowledged ? ` · ${t('pack.ackedShort')}` : ''}
            </b>
          </span>
        ))}
      </footer>
      {editing && (
        <PackSettingsDialog
          value={pack}
          defaultStation={settings.stationName}
          onClose={() => setEditing(false)}
          onSave={(s) => {
            savePack(s);
            setEditing(false);
          }}
        />
      )}
    </div>
  );
}

function OfflineStop({ online, refused }: { online: boolean; refused: number }) {
  const { t } = useTranslation();
  return (
    <div className={`pack-offline${online ? ' back' : ''}`} data-testid="pack-offline" data-online={online} role="alert">
      <div className="pack-big">{t('pack.offline.title')}</div>
      <div className="pack-sub">{online ? t('pack.offline.back', { key: ACK_KEY }) : t('pack.offline.body')}</div>
      {refused > 0 && (
        <div className="pack-refused" data-testid="pack-refused">
          {t('pack.refused', { count: refused })}
        </div>
      )}
    </div>
  );
}

function BlockView({
  b,
  why,
  refused,
  acking,
  onAck,
}: {
  b: ScanBlock;
  why: 'scan' | 'live' | 'out';
  refused: number;
  acking: boolean;
  onAck: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="pack-block" data-testid="pack-blocked" data-why={why} data-tid={b.tid} role="alert">
      <div className="pack-block-head">
        <div>
          <div className="pack-big">{t('pack.blocked')}</div>
          {why !== 'scan' && <div className="pack-why">{t(`pack.blockedWhy.${why}`)}</div>}
          <div className="pack-tid mono">{b.tid}</div>
        </div>
        {b.seq != null && (
          <div className="pack-seq big" data-testid="pack-block-seq">
            <span>{t('pack.seq')}</span>
            <b>{b.seq}</b>
          </div>
        )}
      </div>
      <div className="pack-reasons" data-testid="pack-reasons">
        {b.reasons.map((r, i) => (
          <span key={i} className="pack-reason">
            {SOURCES.includes(r) ? t(`icp.source.${r}` as never) : r}
          </span>
        ))}
      </div>
      {b.batchNo && (
        <div className="pack-batch" data-testid="pack-block-batch">
          {t('pack.inBatch', { batch: b.batchNo, seq: b.seq ?? '—' })}
        </div>
      )}
      <table className="pack-lines locked-lines">
        <tbody>
          {b.lockedLines.map((l) => (
            <tr key={l.oid}>
              <td className="mono">{l.sku}</td>
              <td>{l.title}</td>
              <td className="qty mono">×{l.qty}</td>
              <td className="mono bin">{l.bin ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pack-requests mono">
        {t('pack.requests')}: {b.requestIds.join(' · ')}
      </div>
      <div className="pack-block-foot">
        <button className="pack-ack" onClick={onAck} disabled={acking} data-testid="pack-ack">
          {t('pack.ack', { key: ACK_KEY })}
        </button>
        {refused > 0 && (
          <span className="pack-refused" data-testid="pack-refused">
            {t('pack.refused', { count: refused })}
          </span>
        )}
      </div>
    </div>
  );
}

function FlashView({ f }: { f: Flash }) {
  const { t } = useTranslation();
  if (f.kind === 'none') {
    return (
      <div className="pack-none" data-testid="pack-none">
        <div className="pack-big">{t('pack.none')}</div>
        <div className="pack-sub mono">{f.code}</div>
      </div>
    );
  }
  if (f.kind === 'network') {
    return (
      <div className="pack-neterror" data-testid="pack-error" data-kind="network">
        <div className="pack-big">⚡ {t('pack.err.networkTitle')}</div>
        <div className="pack-sub">{f.text}</div>
        <div className="pack-sub mono">{f.code}</div>
      </div>
    );
  }
  return (
    <div className="pack-message" data-testid="pack-error" data-kind={f.kind}>
      <div className="pack-big">{f.text}</div>
      <div className="pack-sub mono">{f.code}</div>
    </div>
  );
}

function MultiView({ r, tz }: { r: ScanResult; tz: string }) {
  const { t } = useTranslation();
  return (
    <div className="pack-multi" data-testid="pack-multi">
      <div className="pack-big">{t('pack.multi', { count: r.candidates.length })}</div>
      <div className="pack-sub">{t('pack.scanOrderNo')}</div>
      <ol className="pack-candidates">
        {r.candidates.slice(0, 12).map((c) => (
          <li key={c.tid}>
            <span className="mono">{c.tid}</span>
            <span className="mono muted">{c.shipDeadline ? formatShort(c.shipDeadline, tz) : '—'}</span>
            {c.locked && <LockPill />}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Why an order found by the scan has nothing to pack, when that is something the packer must hear: the trade
 * was cancelled (交易关闭), or every line was refunded. Null otherwise (already handed over, several orders…).
 */
function nothingToPack(r: ScanResult, t: TFunction): string | null {
  if (!r.order || r.parcel.length) return null;
  if (r.others.some((x) => x.why === 'closed')) return t('pack.err.closed', { tid: r.order.tid });
  if (r.others.length && r.others.every((x) => x.why === 'refunded')) return t('pack.err.refunded', { tid: r.order.tid });
  return null;
}

/** The parcel: memo, flag and buyer message large; the lines with their ticks; "+N" when they do not fit. */
function OrderView({ cur, flash }: { cur: Current; flash: Flash | null }) {
  const { t } = useTranslation();
  const o = cur.result.order!;
  const verify = cur.mode === 'verify';
  const left = tallyLeft(cur.parcel, cur.tally);
  const done = verify && left === 0;
  const listRef = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState(0);

  // Which rows are below the fold: "+N" tells the packer there is more.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      let n = 0;
      el.querySelectorAll('tbody tr').forEach((row) => {
        if (row.getBoundingClientRect().bottom > box.bottom + 2) n++;
      });
      setHidden(n);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure);
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [cur.parcel.length, cur.lastOid]);
  useEffect(() => {
    if (!cur.lastOid) return;
    listRef.current?.querySelector(`[data-oid="${cur.lastOid}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cur.lastOid, cur.tally]);

  const others = cur.result.others;
  return (
    <div
      className={`pack-ok${done ? ' verified' : ''}${flash ? ` has-error e-${flash.kind}` : ''}`}
      data-testid="pack-ok"
      data-tid={o.tid}
      data-left={left}
      data-mode={cur.mode}
    >
      <div className="pack-ok-head">
        <span className="pack-big">{verify ? (done ? `✓ ${t('pack.verified')}` : t('pack.verifying')) : `✓ ${t('pack.ok')}`}</span>
        <span className="pack-tid mono">{o.tid}</span>
        {cur.result.slot && (
          <span className="pack-seq" data-testid="pack-seq" title={cur.result.slot.batchNo}>
            <span>{t('pack.seq')}</span>
            <b>{cur.result.slot.seq}</b>
          </span>
        )}
        <span className="pack-count" data-testid="pack-left">
          {verify
            ? done
              ? t('pack.outHint', { key: OUT_KEY })
              : t('pack.left', { count: left })
            : t('pack.pieces', { count: pieces(cur.parcel) })}
        </span>
      </div>
      {(o.sellerMemo || o.buyerMessage || o.sellerFlag > 0) && (
        <div className="pack-notes" data-testid="pack-notes">
          {(o.sellerMemo || o.sellerFlag > 0) && (
            <div className="pack-note-row" data-testid="pack-memo">
              <span className="pack-note-label">
                <FlagDot flag={o.sellerFlag} /> {t('pack.memo')}
              </span>
              <span className="pack-note-text">{o.sellerMemo || '—'}</span>
            </div>
          )}
          {o.buyerMessage && (
            <div className="pack-note-row buyer" data-testid="pack-buyer-message">
              <span className="pack-note-label">{t('pack.buyerMessage')}</span>
              <span className="pack-note-text">{o.buyerMessage}</span>
            </div>
          )}
        </div>
      )}
      {flash && <FlashView f={flash} />}
      <div className="pack-lines-wrap" ref={listRef}>
        <table className="pack-lines">
          <thead>
            <tr>
              {verify && <th className="r">{t('pack.col.checked')}</th>}
              <th>{t('detail.line.sku')}</th>
              <th>{t('detail.line.title')}</th>
              <th className="r">{t('detail.line.qty')}</th>
              <th>{t('detail.line.bin')}</th>
            </tr>
          </thead>
          <tbody>
            {cur.parcel.map((l) => {
              const n = cur.tally[l.oid] ?? 0;
              const full = n >= l.qty;
              return (
                <tr
                  key={l.oid}
                  className={`${verify ? (full ? 'ticked' : n > 0 ? 'partial' : '') : ''}${cur.lastOid === l.oid ? ' last' : ''}`}
                  data-testid="pack-line"
                  data-oid={l.oid}
                  data-count={n}
                  data-qty={l.qty}
                >
                  {verify && (
                    <td className="tick mono r" data-testid="pack-line-count">
                      {full ? '✓' : ''} {n}/{l.qty}
                    </td>
                  )}
                  <td className="mono">{l.sku}</td>
                  <td className="title">{l.title}</td>
                  <td className="qty mono r">×{l.qty}</td>
                  <td className="mono bin">{l.bin ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="pack-foot">
        {hidden > 0 && (
          <span className="pack-more" data-testid="pack-more">
            {t('pack.more', { count: hidden })}
          </span>
        )}
        {others.length > 0 && (
          <span className="pack-note" data-testid="pack-others">
            {t('pack.others', {
              count: others.length,
              detail: (['refunded', 'closed', 'out', 'other_parcel'] as const)
                .map((w) => [w, others.filter((x) => x.why === w).length] as const)
                .filter(([, n]) => n > 0)
                .map(([w, n]) => `${t(`pack.why.${w}`)} ${n}`)
                .join(' · '),
            })}
          </span>
        )}
      </div>
    </div>
  );
}
