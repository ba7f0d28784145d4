// The pack screen's own settings, kept on this machine (several pack stations share one station server):
// which station this is, which clerk (工号) is packing, and 验货出库 or scan-and-go.
import { useCallback, useState } from 'react';

export type PackMode = 'verify' | 'quick';
export interface PackSettings {
  /** Empty: the station server's name (设置 → 工作站). */
  station: string;
  clerk: string;
  mode: PackMode;
}

const KEY = 'shiplock.pack';
export const DEFAULT_PACK_SETTINGS: PackSettings = { station: '', clerk: '', mode: 'verify' };

export function loadPackSettings(): PackSettings {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<PackSettings>;
    return {
      station: typeof raw.station === 'string' ? raw.station.slice(0, 40) : '',
      clerk: typeof raw.clerk === 'string' ? raw.clerk.slice(0, 20) : '',
      mode: raw.mode === 'quick' ? 'quick' : 'verify',
    };
  } catch {
    return DEFAULT_PACK_SETTINGS;
  }
}

export function usePackSettings(): [PackSettings, (s: PackSettings) => void] {
  const [s, setS] = useState(loadPackSettings);
  const save = useCallback((next: PackSettings) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      /* private mode: this session only */
    }
    setS(next);
  }, []);
  return [s, save];
}
