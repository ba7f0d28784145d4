// 打包台: full screen, one scan field that always has focus, made for a USB scanner (fast keys, then Enter).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanResult } from '../../shared/api/contract.js';
import { formatShort } from '../../shared/rules/time.js';
import { send } from '../api/client.js';
import { LockPill } from '../components/LockPill.js';
import { useApp } from '../context.js';

type Outcome = 'ok' | 'blocked' | 'multi' | 'none' | 'error';
interface HistoryItem {
  at: number;
  code: string;
  outcome: Outcome;
  tid: string | null;
  acknowledged?: boolean;
}

const ACK_KEY = 'F2';
const SOURCES = ['customer_service', 'buyer_card', 'platform', 'manual'] as const;
const isSource = (r: string): r is (typeof SOURCES)[number] => (SOURCES as readonly string[]).includes(r);
const HISTORY = 8;

function outcomeOf(r: ScanResult): Outcome {
  if (r.blocked) return 'blocked';
  if (r.order) return 'ok';
  if (r.candidates.length > 1) return 'multi';
  return 'none';
}

// ---- sound: Web Audio oscillators only, never throws ----
let audio: AudioContext | null = null;
function audioCtx(): AudioContext | null {
  try {
    if (!audio) {
      const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return null;
      audio = new Ctor();
    }
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    return audio;
  } catch {
    return null;
  }
}

function tones(seq: Array<{ f: number; ms: number }>, type: OscillatorType, volume: number): void {
  try {
    const ctx = audioCtx();
    if (!ctx) return;
    let t = ctx.currentTime + 0.01;
    for (const { f, ms } of seq) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = type;
      osc.frequency.setValueAtTime(f, t);
      gain.gain.setValueAtTime(volume, t);
      gain.gain.setValueAtTime(0, t + ms / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + ms / 1000 + 0.02);
      t += ms / 1000 + 0.03;
    }
  } catch {
    /* no audio here: the screen still says it */
  }
}

export const playAlarm = () =>
  tones(
    Array.from({ length: 8 }, (_, i) => ({ f: i % 2 ? 620 : 960, ms: 180 })),
    'square',
    0.25,
  );
const playOk = () => tones([{ f: 1320, ms: 90 }], 'sine', 0.15);
const playWarn = () =>
  tones(
    [
      { f: 440, ms: 160 },
      { f: 440, ms: 160 },
    ],
    'triangle',
    0.2,
  );

export function PackScreen() {
  const { t } = useTranslation();
  const { settings, navigate } = useApp();
  const inputRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [acking, setAcking] = useState(false);
  const [ackedTid, setAckedTid] = useState<string | null>(null);
  const blocked = result?.blocked ?? null;
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;
  const queue = useRef<string[]>([]);
  const running = useRef(false);
  const tz = settings.timeZone;

  const focusScan = useCallback(() => {
    if (blockedRef.current) return;
    const el = inputRef.current;
    if (el && document.activeElement !== el) el.focus();
  }, []);

  const runQueue = useCallback(() => {
    if (running.current || blockedRef.current) return;
    const code = queue.current.shift();
    if (code == null) return;
    running.current = true;
    setBusy(true);
    send('pack.scan', { code })
      .then((r) => {
        const outcome = outcomeOf(r);
        setResult(r);
        setError(null);
        setAckedTid(null);
        setHistory((h) => [{ at: Date.now(), code, outcome, tid: r.blocked?.tid ?? r.order?.tid ?? null }, ...h].slice(0, HISTORY));
        if (outcome === 'blocked') {
          blockedRef.current = r.blocked;
          queue.current = []; // nothing else is scanned until the block is acknowledged
          playAlarm();
        } else if (outcome === 'ok') playOk();
        else playWarn();
      })
      .catch((e: Error) => {
        setResult(null);
        setError(e.message);
        setHistory((h) => [{ at: Date.now(), code, outcome: 'error' as const, tid: null }, ...h].slice(0, HISTORY));
        playWarn();
      })
      .finally(() => {
        running.current = false;
        setBusy(false);
        runQueue();
      });
  }, []);

  const submit = () => {
    const el = inputRef.current;
    if (!el || blockedRef.current) return;
    const code = el.value.trim();
    el.value = '';
    if (!code) return;
    queue.current.push(code.slice(0, 64));
    runQueue();
  };

  const acknowledge = useCallback(() => {
    const b = blockedRef.current;
    if (!b || acking || !result) return;
    setAcking(true);
    send('pack.acknowledge', { code: result.code, tid: b.tid })
      .then(() => {
        blockedRef.current = null;
        setHistory((h) => h.map((x, i) => (i === 0 && x.outcome === 'blocked' ? { ...x, acknowledged: true } : x)));
        setAckedTid(b.tid);
        setResult(null);
        setError(null);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setAcking(false));
  }, [acking, result]);

  // Focus: always on the scan field (after any click, blur, or window focus), except while blocked.
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
    if (!blocked) setTimeout(focusScan, 0);
  }, [blocked, focusScan]);

  // Keys: F2 acknowledges a block; Esc leaves pack mode (not while a block is unacknowledged).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === ACK_KEY) {
        e.preventDefault();
        if (blockedRef.current) acknowledge();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!blockedRef.current) navigate('pending');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [acknowledge, navigate]);

  const state: Outcome | 'idle' = error ? 'error' : result ? outcomeOf(result) : 'idle';

  return (
    <div className={`pack state-${state}`} data-testid="pack-screen" data-state={state}>
      <header className="pack-bar">
        <div className="pack-brand">
          <span className="brand-mark">锁</span>
          <span>{t('pack.title')}</span>
          <span className="muted">· {settings.stationName}</span>
        </div>
        <div className="pack-keys">{blocked ? t('pack.keysBlocked', { key: ACK_KEY }) : t('pack.keys')}</div>
        <button className="btn" disabled={!!blocked} onClick={() => navigate('pending')} data-testid="pack-exit">
          {t('pack.exit')}
        </button>
      </header>

      <div className="pack-scan">
        <input
          ref={inputRef}
          className="pack-input mono"
          data-testid="pack-input"
          disabled={!!blocked}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={64}
          placeholder={blocked ? t('pack.lockedInput', { key: ACK_KEY }) : t('pack.placeholder')}
          onBlur={() => setTimeout(focusScan, 0)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
        />
        {busy && <span className="pack-busy">{t('pack.busy')}</span>}
      </div>

      <section className="pack-result" data-testid="pack-result" aria-live="assertive">
        {state === 'idle' && (
          <div className="pack-idle">
            {ackedTid ? (
              <div className="pack-acked" data-testid="pack-acked">
                {t('pack.acked', { tid: ackedTid })}
              </div>
            ) : null}
            <div className="pack-hint">{t('pack.idle')}</div>
          </div>
        )}
        {error && (
          <div className="pack-message" data-testid="pack-error">
            {error}
          </div>
        )}
        {blocked && result && (
          <div className="pack-block" data-testid="pack-blocked" role="alert">
            <div className="pack-big">{t('pack.blocked')}</div>
            <div className="pack-tid mono">{blocked.tid}</div>
            <div className="pack-reasons" data-testid="pack-reasons">
              {blocked.reasons.map((r, i) => (
                <span key={i} className="pack-reason">
                  {isSource(r) ? t(`icp.source.${r}`) : r}
                </span>
              ))}
            </div>
            {blocked.batchNo && <div className="pack-batch">{t('pack.inBatch', { batch: blocked.batchNo })}</div>}
            <table className="pack-lines locked-lines">
              <tbody>
                {blocked.lockedLines.map((l) => (
                  <tr key={l.oid}>
                    <td className="mono">{l.sku}</td>
                    <td>{l.title}</td>
                    <td className="qty mono">×{l.qty}</td>
                    <td className="mono">{l.bin ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pack-requests mono">
              {t('pack.requests')}: {blocked.requestIds.join(' · ')}
            </div>
            <button className="pack-ack" onClick={acknowledge} disabled={acking} data-testid="pack-ack">
              {t('pack.ack', { key: ACK_KEY })}
            </button>
          </div>
        )}
        {!blocked && result?.order && (
          <div className="pack-ok" data-testid="pack-ok" data-tid={result.order.tid}>
            <div className="pack-ok-head">
              <span className="pack-big">✓ {t('pack.ok')}</span>
              <span className="pack-tid mono">{result.order.tid}</span>
              <span className="pack-count">
                {t('pack.pieces', { count: result.order.lines.filter((l) => l.state === 'open').reduce((n, l) => n + l.qty, 0) })}
              </span>
            </div>
            <table className="pack-lines">
              <thead>
                <tr>
                  <th>{t('detail.line.sku')}</th>
                  <th>{t('detail.line.title')}</th>
                  <th className="r">{t('detail.line.qty')}</th>
                  <th>{t('detail.line.bin')}</th>
                </tr>
              </thead>
              <tbody>
                {result.order.lines
                  .filter((l) => l.state === 'open')
                  .map((l) => (
                    <tr key={l.oid} data-testid="pack-line" data-oid={l.oid}>
                      <td className="mono">{l.sku}</td>
                      <td>{l.title}</td>
                      <td className="qty mono r">×{l.qty}</td>
                      <td className="mono bin">{l.bin ?? '—'}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {result.order.lines.some((l) => l.state !== 'open') && (
              <div className="pack-note">
                {t('pack.othersLeft', { count: result.order.lines.filter((l) => l.state !== 'open').length })}
              </div>
            )}
          </div>
        )}
        {!blocked && result && !result.order && result.candidates.length > 1 && (
          <div className="pack-multi" data-testid="pack-multi">
            <div className="pack-big">{t('pack.multi', { count: result.candidates.length })}</div>
            <div className="pack-sub">{t('pack.scanOrderNo')}</div>
            <ol className="pack-candidates">
              {result.candidates.slice(0, 12).map((c) => (
                <li key={c.tid}>
                  <span className="mono">{c.tid}</span>
                  <span className="mono muted">{c.shipDeadline ? formatShort(c.shipDeadline, tz) : '—'}</span>
                  {c.locked && <LockPill />}
                </li>
              ))}
            </ol>
          </div>
        )}
        {!error && result && outcomeOf(result) === 'none' && (
          <div className="pack-none" data-testid="pack-none">
            <div className="pack-big">{t('pack.none')}</div>
            <div className="pack-sub mono">{result.code}</div>
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
    </div>
  );
}
