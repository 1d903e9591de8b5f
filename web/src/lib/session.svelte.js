// The signed-in user: token kept in memory and sessionStorage (this tab only).
const STORAGE_KEY = 'billing.session';

export const session = $state({
  token: null,
  user: null,
  expiresAt: null,
  // Why the last session ended, shown on the login page: 'expired', 'loggedOut', 'inactive'.
  notice: null,
});

let expiryTimer = null;

export function restoreSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (saved?.token && saved?.user) {
      if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) {
        clearSession('expired');
        return false;
      }
      applySession(saved);
      return true;
    }
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  return false;
}

// Stores a login/change-password answer: {token, expires_at, user}.
export function startSession(reply) {
  applySession({ token: reply.token, user: reply.user, expiresAt: reply.expires_at ?? null });
  session.notice = null;
}

export function updateUser(user) {
  session.user = user;
  persist();
}

export function clearSession(notice = null) {
  session.token = null;
  session.user = null;
  session.expiresAt = null;
  session.notice = notice;
  clearTimeout(expiryTimer);
  sessionStorage.removeItem(STORAGE_KEY);
}

export function isAdmin() {
  return session.user?.role === 'admin';
}

function applySession({ token, user, expiresAt }) {
  session.token = token;
  session.user = user;
  session.expiresAt = expiresAt;
  persist();
  clearTimeout(expiryTimer);
  const left = expiresAt ? Date.parse(expiresAt) - Date.now() : NaN;
  // setTimeout holds at most ~24.8 days; tokens live far shorter.
  if (Number.isFinite(left) && left < 2 ** 31 - 1) {
    expiryTimer = setTimeout(() => clearSession('expired'), Math.max(left, 0));
  }
}

function persist() {
  if (!session.token) return;
  sessionStorage.setItem(
    STORAGE_KEY,
    JSON.stringify({ token: session.token, user: session.user, expiresAt: session.expiresAt }),
  );
}
