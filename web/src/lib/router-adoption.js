// Adopting a MikroTik's PPP secrets (Jaringan › router › Ambil pelanggan dari router): the
// secrets as the page edits them, which may be ticked, the request body, and the server's check
// mapped back to the usernames it is about.
import { t } from '../i18n/index.js';
import { formatNumber, parseRupiah } from './format.js';
import { normalizePhone } from './validate.js';

export const adoptionPagePath = (routerId) => `/jaringan/router/${routerId}/ambil`;
export const adoptablePath = (routerId) => `/api/network/routers/${routerId}/adoptable`;
export const adoptPath = (routerId) => `/api/network/routers/${routerId}/adopt`;

// What the list may be narrowed to (the `show` select).
export const ADOPTION_VIEWS = ['all', 'open', 'ready', 'selected', 'noPhone', 'problem', 'linked'];

// A row of GET .../adoptable as the page edits it: the proposed name (editable), a phone to type
// and the tick. `previous` (the same secret before a reload) keeps what staff typed, unless the
// secret is ours now.
export function adoptionRow(item, previous = null) {
  const proposedName = item.name || item.username;
  const row = {
    username: item.username,
    profile: item.profile ?? '',
    comment: item.comment ?? '',
    disabled: !!item.disabled,
    linked_customer_id: item.linked_customer_id ?? null,
    package_id: item.package_id ?? null,
    package_name: item.package_name || item.profile || '',
    new_package: !!item.new_package,
    problem: item.problem || null,
    proposedName,
    name: proposedName,
    phone: '',
    checked: false,
  };
  if (previous && row.linked_customer_id === null) {
    // A name staff changed stays; an untouched one follows the router's comment.
    if (previous.name !== previous.proposedName) row.name = previous.name;
    row.phone = previous.phone;
    row.checked = previous.checked && canTick(row);
  }
  return row;
}

// The rows of a (re)loaded proposal, keeping what staff typed into the ones they had.
export function adoptionRows(items, previousRows = []) {
  const previous = new Map(previousRows.map((row) => [row.username, row]));
  return (items ?? []).map((item) => adoptionRow(item, previous.get(item.username)));
}

// Where a secret stands: 'linked' (a customer of ours already), 'linking' (adopted just now,
// the router not marked yet: in `adopting`), 'badPhone', 'problem' (the server expects it to
// fail, e.g. the username is a customer already), 'noPhone' (may be adopted: the number is
// filled in later and the customer is marked until then) or 'ready'.
export function rowState(row, adopting = null) {
  if (row.linked_customer_id !== null && row.linked_customer_id !== undefined) return 'linked';
  if (adopting?.has(row.username)) return 'linking';
  const phone = String(row.phone ?? '').trim();
  if (phone !== '' && !normalizePhone(phone)) return 'badPhone';
  if (row.problem) return 'problem';
  return phone === '' ? 'noPhone' : 'ready';
}

// A secret may be ticked unless it is ours already or its phone is no number (one with a
// problem too: staff may want the server's word on it).
export function canTick(row, adopting = null) {
  const state = rowState(row, adopting);
  return state === 'ready' || state === 'noPhone' || state === 'problem';
}

// What typing `phone` into a row changes: the phone, and the tick. A row that just got a valid
// phone is ticked (unless it has a problem); one whose phone is no number is unticked;
// otherwise staff's tick stays.
export function phoneChange(row, phone, adopting = null) {
  const before = rowState(row, adopting);
  const next = { ...row, phone };
  if (!canTick(next, adopting)) return { phone, checked: false };
  if (before !== 'ready' && rowState(next, adopting) === 'ready') return { phone, checked: true };
  return { phone, checked: row.checked };
}

// "Pilih semua yang siap": every row that may be adopted without a problem (with a valid phone
// or with none yet) is ticked. Changes the rows in place; returns how many are ticked now.
export function tickReady(rows, adopting = null) {
  for (const row of rows) {
    const state = rowState(row, adopting);
    if (state === 'ready' || state === 'noPhone') row.checked = true;
  }
  return selectedRows(rows, adopting).length;
}

// The ticked rows that may be adopted.
export function selectedRows(rows, adopting = null) {
  return (rows ?? []).filter((row) => row.checked && canTick(row, adopting));
}

// Counts for the summary line.
export function adoptionCounts(rows, adopting = null) {
  const counts = { total: 0, linked: 0, ready: 0, noPhone: 0, problem: 0, selected: 0 };
  for (const row of rows ?? []) {
    counts.total += 1;
    const state = rowState(row, adopting);
    if (state === 'linked' || state === 'linking') counts.linked += 1;
    else if (state === 'ready') counts.ready += 1;
    if (state === 'noPhone' || state === 'badPhone') counts.noPhone += 1;
    if (row.problem && state !== 'linked' && state !== 'linking') counts.problem += 1;
    if (row.checked && canTick(row, adopting)) counts.selected += 1;
  }
  return counts;
}

// The rows the list shows: `show` (one of ADOPTION_VIEWS) and a search in username, name,
// comment, profile and package.
export function filterRows(rows, { query = '', show = 'all' } = {}, adopting = null) {
  const words = String(query ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  return (rows ?? []).filter((row) => {
    const state = rowState(row, adopting);
    const linked = state === 'linked' || state === 'linking';
    if (show === 'open' && linked) return false;
    if (show === 'ready' && state !== 'ready') return false;
    if (show === 'selected' && !(row.checked && canTick(row, adopting))) return false;
    if (show === 'noPhone' && state !== 'noPhone' && state !== 'badPhone') return false;
    if (show === 'problem' && (linked || !row.problem)) return false;
    if (show === 'linked' && !linked) return false;
    if (words.length === 0) return true;
    const text = [row.username, row.name, row.comment, row.profile, row.package_name]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

// The profiles among `selected` that have no package yet, each once, in the order met; with
// the profile's rate limit when the router gave one.
export function newPackageProfiles(selected, profiles = []) {
  const rates = new Map((profiles ?? []).map((p) => [p.name, p.rate_limit ?? '']));
  const seen = new Set();
  const out = [];
  for (const row of selected ?? []) {
    if (!row.new_package || seen.has(row.profile)) continue;
    seen.add(row.profile);
    out.push({ profile: row.profile, rateLimit: rates.get(row.profile) ?? '' });
  }
  return out;
}

// {profile: message} for the new packages whose price is missing or not a whole Rupiah amount.
export function priceErrors(newProfiles, prices) {
  const errors = {};
  for (const { profile } of newProfiles ?? []) {
    const text = String(prices?.[profile] ?? '').trim();
    if (text === '') errors[profile] = t('validation.required');
    else if (Number.isNaN(parseRupiah(text))) errors[profile] = t('validation.amount');
    else if (parseRupiah(text) < 1) errors[profile] = t('validation.amountMin', { min: 1 });
  }
  return errors;
}

// The body of POST .../adopt for the ticked rows: each secret with its phone and (when staff
// left one) its name, the prices of the new packages they need, and `dry_run` for a check.
export function adoptBody(selected, newProfiles, prices, { dryRun = false } = {}) {
  const items = (selected ?? []).map((row) => {
    const item = { username: row.username };
    const name = String(row.name ?? '').trim();
    if (name) item.name = name;
    item.phone = String(row.phone ?? '').trim();
    return item;
  });
  const packagePrices = {};
  for (const { profile } of newProfiles ?? []) {
    const price = parseRupiah(prices?.[profile]);
    if (!Number.isNaN(price)) packagePrices[profile] = price;
  }
  const body = { items, package_prices: packagePrices };
  if (dryRun) body.dry_run = true;
  return body;
}

// The report's errors with the username of the item each is about (`row` is the 1-based index
// into the items sent).
export function adoptionErrors(report, items) {
  return (report?.errors ?? []).map((error) => ({
    ...error,
    username: items?.[Number(error.row) - 1]?.username ?? `#${error.row}`,
  }));
}

// username -> the messages about it, for the secrets' own rows.
export function errorsByUsername(report, items) {
  const out = new Map();
  for (const error of adoptionErrors(report, items)) {
    if (!out.has(error.username)) out.set(error.username, []);
    out
      .get(error.username)
      .push(error.column ? `${error.column}: ${error.message}` : error.message);
  }
  return out;
}

// "3 secret diperiksa: 2 valid, 1 bermasalah".
export function adoptionSummary(report) {
  const rows = Number(report?.rows) || 0;
  const valid = Number(report?.valid) || 0;
  return t('routerAdoption.summary', {
    rows: formatNumber(rows),
    valid: formatNumber(valid),
    bad: formatNumber(Math.max(0, rows - valid)),
  });
}

// "2 pelanggan diambil dari router, 1 paket baru dibuat".
export function adoptResultText(result) {
  const params = {
    imported: formatNumber(result?.imported ?? 0),
    packages: formatNumber(result?.packages_created ?? 0),
  };
  return Number(result?.packages_created) > 0
    ? t('routerAdoption.doneWithPackages', params)
    : t('routerAdoption.done', params);
}
