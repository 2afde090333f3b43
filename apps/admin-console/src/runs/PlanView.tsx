import { useState } from 'react';
import type { PlanAction, PlanSummary } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Pager } from '../ui/Pager';
import { TextField } from '../ui/TextField';
import { SEARCH_DEBOUNCE_MS, useDebouncedValue } from '../ui/use-debounced-value';
import { usePageOffset } from '../ui/use-page-offset';
import { WarningList } from '../ui/WarningList';
import { PlanCountsBar } from './PlanCountsBar';
import { PlanTable } from './PlanTable';
import { useRunChanges } from './use-run-changes';

const PAGE = 100;

/**
 * A run's plan: its counts (each shows only its action), a search by user
 * name and the lines a page at a time, every page asked of the server.
 */
export function PlanView({ runId, plan }: { runId: string; plan: PlanSummary }) {
  const [action, setAction] = useState<PlanAction>();
  const [search, setSearch] = useState('');
  // The search goes out once typing pauses; each new one cancels the one before.
  const userName = useDebouncedValue(search, SEARCH_DEBOUNCE_MS).trim();
  const [offset, setOffset] = usePageOffset(`${action ?? 'all'}\n${userName}`);
  const page = useRunChanges(runId, {
    offset,
    limit: PAGE,
    ...(action ? { action } : {}),
    ...(userName ? { userName } : {}),
  });
  return (
    <div className="plan">
      <PlanCountsBar counts={plan.counts} shown={action} onShow={setAction} />
      <WarningList title="Warnings from the directory" warnings={plan.warnings} />
      <div className="toolbar">
        <TextField
          label="Search the plan by user name"
          type="search"
          value={search}
          onChange={setSearch}
        />
        <Pager
          offset={offset}
          limit={PAGE}
          total={page.data?.total ?? 0}
          onChange={setOffset}
          label="Plan pages"
        />
      </div>
      {page.error && <ErrorNotice error={page.error} title="The plan's lines could not be read" />}
      <PlanTable changes={page.data?.changes} busy={page.loading} />
    </div>
  );
}
