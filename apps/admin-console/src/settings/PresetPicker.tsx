import { useState } from 'react';
import type { DirectorySettings } from '../api/types';
import { asApiError } from '../api/use-api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/SelectField';
import { loadPreset, usePresets } from './use-settings';

/** "Directory type": fills the form from one of the seed's configuration samples (nothing is saved yet). */
export function PresetPicker({ onLoad }: { onLoad: (settings: DirectorySettings) => void }) {
  const presets = usePresets();
  const [name, setName] = useState('');
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const options = (presets.data ?? []).map((preset) => ({
    value: preset.name,
    label: preset.description,
  }));
  const chosen = name || options[0]?.value || '';
  return (
    <div className="preset-picker">
      <SelectField label="Directory type" value={chosen} options={options} onChange={setName} />
      <button
        type="button"
        disabled={!chosen}
        onClick={() =>
          void loadPreset(chosen).then(
            (preset) => onLoad(preset.settings),
            (failure: unknown) => setError(asApiError(failure)),
          )
        }
      >
        Fill in from preset
      </button>
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
