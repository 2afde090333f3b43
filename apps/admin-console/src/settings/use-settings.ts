import { useCallback } from 'react';
import { api } from '../api/http-client';
import type {
  DirectorySettings,
  Preset,
  PresetSummary,
  SettingsCheck,
  SettingsSummary,
  SettingsVersion,
  SettingsView,
} from '../api/types';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';
import { useDebouncedValue } from '../ui/use-debounced-value';

/** How long editing must pause before the settings are checked. */
const CHECK_DEBOUNCE_MS = 300;

export function usePresets() {
  return useApi(() => api.get<PresetSummary[]>('/directory/presets'), 'presets');
}

export function loadPreset(name: string) {
  return api.get<Preset>(`/directory/presets/${encodeURIComponent(name)}`);
}

export function useSettingsSummary(key: string) {
  return useApi(() => api.get<SettingsSummary>('/directory/summary'), key);
}

/**
 * The server's check of settings being edited (`POST …/settings/validate`:
 * the same rules as a save, nothing saved), once editing pauses; a newer
 * check cancels the one before. `undefined`: nothing to check.
 */
export function useSettingsCheck(body: DirectorySettings | undefined) {
  const text = useDebouncedValue(body === undefined ? '' : JSON.stringify(body), CHECK_DEBOUNCE_MS);
  return useApi(
    (signal) =>
      text
        ? api.post<SettingsCheck>('/directory/settings/validate', JSON.parse(text), signal)
        : Promise.resolve(undefined),
    text,
  );
}

export function useSettingsVersions(key: string) {
  return useApi(() => api.get<SettingsVersion[]>('/directory/settings/versions'), key);
}

export function useSaveSettings() {
  return useAction(
    useCallback(
      (body: DirectorySettings) => api.put<SettingsView>('/directory/settings', body),
      [],
    ),
  );
}
