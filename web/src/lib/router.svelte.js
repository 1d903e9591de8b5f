// History-API router: the gateway answers every extension-less path with index.html.
export const route = $state({ path: location.pathname, search: location.search });

export function navigate(path, { replace = false } = {}) {
  const url = new URL(path, location.origin);
  if (url.pathname + url.search === location.pathname + location.search && !replace) return;
  if (replace) history.replaceState({}, '', url.pathname + url.search);
  else history.pushState({}, '', url.pathname + url.search);
  route.path = url.pathname;
  route.search = url.search;
  window.scrollTo(0, 0);
}

export function query() {
  return new URLSearchParams(route.search);
}

// Matches "/pelanggan/:id" against "/pelanggan/12" -> {id: "12"}; null when it does not fit.
export function matchPath(pattern, path) {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params = {};
  for (let i = 0; i < a.length; i += 1) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

window.addEventListener('popstate', () => {
  route.path = location.pathname;
  route.search = location.search;
});

// Same-origin <a href="/..."> clicks stay inside the app (no page load).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
