import { DashboardPage } from '../dashboard/DashboardPage';
import { RunDetailsPage } from '../runs/RunDetailsPage';
import { RunsPage } from '../runs/RunsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { TokensPage } from '../tokens/TokensPage';
import { UsersPage } from '../users/UsersPage';
import type { Route } from './use-route';

export function PageView({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'settings':
      return <SettingsPage />;
    case 'runs':
      return route.id ? <RunDetailsPage runId={route.id} /> : <RunsPage />;
    case 'users':
      return <UsersPage />;
    case 'tokens':
      return <TokensPage />;
  }
}
