import { api } from '../api/http-client';
import type { Dashboard, SettingsView } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiError } from '../api/api-error';

export function useDashboard() {
  return useApi(() => api.get<Dashboard>('/directory/dashboard'), 'dashboard');
}

/** The saved settings, or null before the first save. */
export function useSavedSettings(key: string) {
  return useApi(async () => {
    try {
      return await api.get<SettingsView>('/directory/settings');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }, key);
}
