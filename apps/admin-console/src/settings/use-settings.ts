import { useCallback } from 'react';
import { api } from '../api/http-client';
import type {
  DirectorySettings,
  Preset,
  PresetSummary,
  SettingsSummary,
  SettingsVersion,
  SettingsView,
} from '../api/types';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';

export function usePresets() {
  return useApi(() => api.get<PresetSummary[]>('/directory/presets'), 'presets');
}

export function loadPreset(name: string) {
  return api.get<Preset>(`/directory/presets/${encodeURIComponent(name)}`);
}

export function useSettingsSummary(key: string) {
  return useApi(() => api.get<SettingsSummary>('/directory/summary'), key);
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
