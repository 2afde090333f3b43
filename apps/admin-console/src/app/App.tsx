import { SignInPage } from '../session/SignInPage';
import { useSession } from '../session/use-session';
import { Layout } from './Layout';
import { PageView } from './PageView';
import { useRoute } from './use-route';

export function App() {
  const { session, signIn, signOut } = useSession();
  const route = useRoute();
  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null) return <SignInPage onSignIn={signIn} />;
  return (
    <Layout session={session} page={route.page} onSignOut={signOut}>
      <PageView route={route} />
    </Layout>
  );
}
