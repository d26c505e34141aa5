// The signed-in session: the token from POST /api/v1/auth/token, kept in sessionStorage so it ends
// with the tab and the API key itself is never stored.
export interface Session {
  token: string;
  role: 'readonly' | 'user' | 'admin';
  expiresAt: number;
}

const STORAGE_KEY = 'synapse.dashboard.session';

export function loadSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
