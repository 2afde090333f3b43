import { hrefOf } from '../app/use-route';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Section } from '../ui/Section';
import { WarningList } from '../ui/WarningList';
import { LastRunCard } from './LastRunCard';
import { ScheduleCard } from './ScheduleCard';
import { useDashboard, useSavedSettings } from './use-dashboard';

export function DashboardPage() {
  const dashboard = useDashboard();
  const settings = useSavedSettings('dashboard');
  return (
    <>
      <h1>Dashboard</h1>
      {dashboard.error && <ErrorNotice error={dashboard.error} />}
      {dashboard.data && (
        <div className="grid">
          <Section title="Directory">
            {dashboard.data.configured ? (
              <p>
                Configured
                {settings.data
                  ? ` (version ${settings.data.version}, saved by ${settings.data.savedBy})`
                  : ''}
                . <a href={hrefOf('settings')}>Open Directory Services</a>
              </p>
            ) : (
              <p>
                Not configured yet. <a href={hrefOf('settings')}>Set up Directory Services</a> from
                a preset.
              </p>
            )}
          </Section>
          <LastRunCard
            run={dashboard.data.lastRun}
            available={dashboard.data.runHistoryAvailable ?? true}
          />
          <ScheduleCard
            schedule={settings.data?.settings.options.schedule}
            nextRunAt={dashboard.data.nextScheduledRunAt}
          />
        </div>
      )}
      {dashboard.data && <WarningList title="Warnings" warnings={dashboard.data.warnings} />}
    </>
  );
}
