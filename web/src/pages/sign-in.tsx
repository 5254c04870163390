// Sign-in with email and password (POST /auth/login); the token is kept in this browser.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, setToken } from '../api';
import { useRouter } from '../router';

/** The sign-in page; goes on to ?next= (a path inside the app) afterwards. */
export function SignInPage() {
  const { location, navigate } = useRouter();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  document.title = 'Sign in · Ospo';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string }>('/auth/login', { method: 'POST', body: { email, password } });
      client.clear();
      setToken(r.token);
      const next = location.query.get('next');
      // Only paths inside the app: never an absolute URL from the query string.
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card" aria-labelledby="sign-in-title">
        <div className="brand big">
          <span className="logo" aria-hidden="true" /> Ospo
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <p className="muted">The open source program office: inventory, licenses, vulnerabilities and policy.</p>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? (
          <p className="note error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          No account? An admin creates one on the server machine with <code>ospo admin create-user</code>; <code>ospo serve --demo</code> prints a demo
          admin&apos;s email and password.
        </p>
      </form>
    </main>
  );
}
