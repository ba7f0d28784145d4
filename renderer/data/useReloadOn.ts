import { useEffect } from 'react';
import type { ChangeEvent } from '../../shared/api/contract.js';
import { subscribe } from '../api/client.js';
import { reloadOnChanges } from './query.js';

/** Calls `reload` (debounced) whenever a change event of one of these kinds is pushed. */
export function useReloadOn(kinds: ReadonlyArray<ChangeEvent['kind']>, reload: () => void, delayMs = 150): void {
  const key = kinds.join(',');
  useEffect(() => reloadOnChanges(subscribe, key.split(',') as Array<ChangeEvent['kind']>, reload, delayMs), [key, reload, delayMs]);
}
