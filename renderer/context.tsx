import { createContext, useContext } from 'react';
import type { SettingsView } from '../shared/settings.js';

export interface AppContextValue {
  settings: SettingsView;
  setSettings: (s: SettingsView) => void;
  navigate: (screen: Screen) => void;
  /** Re-reads the navigation badge counts. */
  refreshCounts: () => void;
}

export type Screen = 'pending' | 'import' | 'settings';
export const SCREENS: Screen[] = ['pending', 'import', 'settings'];

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}
