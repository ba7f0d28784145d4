// New interceptions, above all one whose parcel is in a printed batch: a red banner on every screen until a
// clerk acknowledges it (server-side, so every screen clears together), a sound every few seconds until then,
// and a desktop notification (the browser's; in Electron the main process notifies).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterceptionAlarm } from '../../shared/api/contract.js';
import { isElectron, send, subscribe } from '../api/client.js';
import { useConnection } from '../api/connection.js';
import { useApp } from '../context.js';
import i18n from '../i18n.js';
import { onSoundBlocked, startLoop, stopLoop } from './sound.js';
import './alarms.css';

export const BANNER_ACK_KEY = 'F3';
const REPEAT_MS = 4_000;
const POLL_MS = 15_000;

function notify(items: InterceptionAlarm[]): void {
  if (isElectron() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const t = i18n.t.bind(i18n);
  try {
    const body = items
      .slice(0, 4)
      .map((a) =>
        [a.tid, a.batchNo ? t('alarm.where', { batch: a.batchNo, seq: a.seq ?? '—' }) : '', binsOf(a)].filter(Boolean).join(' · '),
      )
      .join('\n');
    new Notification(t('alarm.notifyTitle', { count: items.length }), { body, tag: 'shiplock-interception', requireInteraction: true });
  } catch {
    /* notifications unavailable */
  }
}

const binsOf = (a: InterceptionAlarm) => [...new Set(a.lines.map((l) => l.bin ?? '—'))].join(' / ');

export function InterceptionBanner() {
  const { t } = useTranslation();
  const { openOrder, openBatch, settings } = useApp();
  const { reconnects } = useConnection();
  const [items, setItems] = useState<InterceptionAlarm[]>([]);
  const [busy, setBusy] = useState(false);
  const [muted, setMuted] = useState(false);
  const [perm, setPerm] = useState(() => (typeof Notification === 'undefined' ? 'denied' : Notification.permission));
  const gen = useRef(0);

  const load = useCallback(() => {
    const g = ++gen.current;
    send('alarms.list', {}).then(
      (r) => g === gen.current && setItems(r.items),
      () => undefined,
    );
  }, []);

  useEffect(() => load(), [load, reconnects]);
  // A fallback for a lost event stream (a proxy, a sleeping laptop): ask again now and then.
  useEffect(() => {
    const id = setInterval(load, POLL_MS);
    return () => clearInterval(id);
  }, [load]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((e) => {
      if (e.kind === 'interception.new') {
        notify(e.items);
        setItems((cur) => [...e.items, ...cur.filter((c) => !e.items.some((n) => n.requestId === c.requestId))]);
      } else if (e.kind === 'orders.changed') {
        // acknowledged on another screen, released, refunded
        clearTimeout(timer);
        timer = setTimeout(load, 300);
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [load]);
  useEffect(() => onSoundBlocked(setMuted), []);

  const active = items.length > 0;
  useEffect(() => {
    if (!active) return;
    startLoop('interception-banner', 'banner', REPEAT_MS);
    return () => stopLoop('interception-banner');
  }, [active]);

  const acknowledge = useCallback(() => {
    if (!items.length || busy) return;
    setBusy(true);
    send('alarms.acknowledge', { requestIds: items.map((i) => i.requestId), station: settings.stationName })
      .then(() => {
        setItems([]);
        load();
      })
      .catch(() => undefined)
      .finally(() => setBusy(false));
  }, [items, busy, load, settings.stationName]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === BANNER_ACK_KEY) {
        e.preventDefault();
        acknowledge();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, acknowledge]);

  if (!active) return null;
  return (
    <div className="icp-banner" role="alert" data-testid="interception-banner" data-count={items.length}>
      <div className="icp-banner-title">
        <span className="icp-banner-icon" aria-hidden="true">
          ⊘
        </span>
        {t('alarm.title', { count: items.length })}
      </div>
      <ul className="icp-banner-list">
        {items.slice(0, 4).map((a) => (
          <li key={a.requestId} data-testid="interception-banner-item" data-tid={a.tid} data-request-id={a.requestId}>
            <button className="btn link mono icp-banner-tid" onClick={() => openOrder(a.tid)} data-testid="banner-open-order">
              {a.tid}
            </button>
            {a.batchNo && a.printed ? (
              <button className="btn link icp-banner-batch" onClick={() => openBatch(a.batchNo!)} data-testid="banner-open-batch">
                {t('alarm.pull', { batch: a.batchNo, seq: a.seq ?? '—' })}
              </button>
            ) : a.batchNo ? (
              <span className="icp-banner-batch">{t('alarm.inBatch', { batch: a.batchNo, seq: a.seq ?? '—' })}</span>
            ) : null}
            <span className="icp-banner-bins mono">{t('alarm.bins', { bins: binsOf(a) })}</span>
            <span className="icp-banner-reason">{a.reason || t(`icp.source.${a.source}`, { defaultValue: a.source })}</span>
          </li>
        ))}
        {items.length > 4 && <li className="muted">+{items.length - 4}</li>}
      </ul>
      <div className="icp-banner-actions">
        {muted && <span className="icp-banner-muted">{t('alarm.muted')}</span>}
        {perm === 'default' && (
          <button
            className="btn link"
            onClick={() => void Notification.requestPermission().then(setPerm, () => undefined)}
            data-testid="banner-enable-notifications"
          >
            {t('alarm.enableNotifications')}
          </button>
        )}
        <button className="btn icp-banner-ack" onClick={acknowledge} disabled={busy} data-testid="banner-ack">
          {t('alarm.ack', { key: BANNER_ACK_KEY })}
        </button>
      </div>
    </div>
  );
}
