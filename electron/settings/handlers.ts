import type { AppOutputs, HandlersOf } from '../../shared/api/contract.js';
import type { SettingsView } from '../../shared/settings.js';
import type { SettingsService } from './store.js';

export function settingsHandlers(
  service: SettingsService,
  view: () => SettingsView,
): HandlersOf<Pick<AppOutputs, 'settings.get' | 'settings.update'>> {
  return {
    'settings.get': () => view(),
    'settings.update': (patch) => {
      service.update(patch);
      return view();
    },
  };
}
