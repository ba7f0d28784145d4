import { createContext, useContext } from 'react';
import type { AppStatus } from '../shared/api/contract.js';
import type { SettingsView } from '../shared/settings.js';

export interface AppContextValue {
  settings: SettingsView;
  setSettings: (s: SettingsView) => void;
  navigate: (screen: Screen) => void;
  /** Re-reads the navigation badge counts (app.status). */
  refreshCounts: () => void;
  /** Nav badges and the setup banner; null until first loaded. */
  status: AppStatus | null;
  /** Opens the pending list with the detail drawer of this order (any status). */
  openOrder: (tid: string) => void;
  /** Opens the batches screen on one batch. */
  openBatch: (batchNo: string) => void;
  /** Batches with lines to withdraw (需撤出), for the nav badge; null until first loaded. */
  staleBatches: number | null;
}

export type Screen = 'pending' | 'interceptions' | 'alerts' | 'batches' | 'pack' | 'import' | 'settings';
export const SCREENS: Screen[] = ['pending', 'interceptions', 'alerts', 'batches', 'pack', 'import', 'settings'];

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}
