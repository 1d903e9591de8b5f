// Live sync: one EventSource to /api/events (cookie auth). Pages subscribe to the entities
// they show and reload when one changes. A dropped connection resumes where it left off: the
// browser sends Last-Event-ID itself; when we have to reconnect ourselves we pass the last id
// as ?last_event_id= so the gateway replays what we missed. Without an id, every open view
// reloads once instead, so no change is ever missed.
export const live = $state({
  // 'connecting' | 'online' | 'offline' (lost, retrying) | 'unavailable' (server has no SSE yet)
  status: 'connecting',
  lastEventAt: null,
});

const listeners = new Set();
let source = null;
let retryTimer = null;
let pollTimer = null;
let attempts = 0;
let everOpen = false;
let needsResync = false;
let lastEventId = '';
let running = false;

const RETRY_STEPS_MS = [1000, 2000, 5000, 10000, 30000];
const UNAVAILABLE_RETRY_MS = 60000;
// While live sync is down, open views still refresh this often.
const POLL_MS = 30000;

// Calls fn(event) when an event for one of `entities` arrives (all entities when null), and
// fn(null) after a resync. Returns the unsubscribe function (usable as an $effect cleanup).
export function onChange(entities, fn, { debounceMs = 250 } = {}) {
  const entry = { entities: entities ? new Set(entities) : null, fn, timer: null, last: null };
  entry.fire = (event) => {
    entry.last = event;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => entry.fn(entry.last), debounceMs);
  };
  listeners.add(entry);
  return () => {
    clearTimeout(entry.timer);
    listeners.delete(entry);
  };
}

function dispatch(event) {
  // A restore (entity "system") replaces everything: every open view reloads.
  if (event && event.entity === 'system') event = null;
  // Someone looking at a PPPoE password changes no data: only catch-all views (audit) follow.
  const lookOnly = event?.action === 'show_password';
  for (const entry of listeners) {
    if (lookOnly && entry.entities) continue;
    if (!event || !entry.entities || entry.entities.has(event.entity)) entry.fire(event);
  }
}

export function startLive() {
  if (running) return;
  running = true;
  attempts = 0;
  everOpen = false;
  lastEventId = '';
  connect();
  window.addEventListener('online', reconnectNow);
}

export function stopLive() {
  running = false;
  window.removeEventListener('online', reconnectNow);
  clearTimeout(retryTimer);
  clearInterval(pollTimer);
  pollTimer = null;
  source?.close();
  source = null;
  live.status = 'connecting';
}

function reconnectNow() {
  if (!running || live.status === 'online') return;
  clearTimeout(retryTimer);
  attempts = 0;
  connect();
}

function connect() {
  source?.close();
  if (live.status !== 'online') live.status = everOpen ? 'offline' : 'connecting';
  const url = lastEventId
    ? `/api/events?last_event_id=${encodeURIComponent(lastEventId)}`
    : '/api/events';
  const es = new EventSource(url, { withCredentials: true });
  source = es;
  es.onopen = () => {
    if (source !== es) return;
    live.status = 'online';
    attempts = 0;
    stopPolling();
    if (needsResync) {
      needsResync = false;
      dispatch(null);
    }
    everOpen = true;
  };
  es.addEventListener('change', (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    live.lastEventAt = Date.now();
    if (message.lastEventId) lastEventId = message.lastEventId;
    dispatch(data);
  });
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CONNECTING) {
      // The browser retries by itself and sends Last-Event-ID: the server replays what we missed.
      live.status = 'offline';
      startPolling();
      return;
    }
    // Closed for good (HTTP error or wrong content type): we reconnect ourselves, without
    // Last-Event-ID, so every view reloads once we are back.
    es.close();
    if (!lastEventId) needsResync = true;
    startPolling();
    scheduleRetry();
  };
}

async function scheduleRetry() {
  if (!running) return;
  let delay = RETRY_STEPS_MS[Math.min(attempts, RETRY_STEPS_MS.length - 1)];
  attempts += 1;
  live.status = 'offline';
  // Tell "the server has no live sync (yet)" apart from "we are offline".
  try {
    const controller = new AbortController();
    const response = await fetch('/api/events', {
      credentials: 'same-origin',
      signal: controller.signal,
      headers: { Accept: 'text/event-stream' },
    });
    controller.abort();
    if (response.status === 404) {
      live.status = 'unavailable';
      delay = UNAVAILABLE_RETRY_MS;
    }
  } catch {
    // network down: keep 'offline'
  }
  if (!running) return;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, delay);
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(() => dispatch(null), POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}
