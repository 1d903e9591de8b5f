// Translation lookup: every staff-visible text lives in one dictionary per language (id.js).
import id from './id.js';
import { translate } from './translate.js';

export { translate };

const dictionaries = { id };
let current = id;

// Switches the language; unknown codes keep the current one. Returns the active code.
export function setLanguage(code) {
  if (dictionaries[code]) current = dictionaries[code];
  return current.meta.code;
}

export function language() {
  return current.meta;
}

// Looks up a dotted key ("nav.dashboard") and fills {placeholders} from params.
// A missing key returns the key itself, so a gap is visible instead of blank.
export function t(key, params) {
  return translate(current, key, params);
}

// True when the key names a text in the dictionary (used by tests and optional labels).
export function hasKey(key, dictionary = current) {
  return translate(dictionary, key) !== key;
}

// Label for a value the server sends (status, kind, ...): the translation under `group`, or
// the raw value when the dictionary does not know it.
export function label(group, value) {
  if (value === null || value === undefined || value === '') return '-';
  const key = `${group}.${value}`;
  return hasKey(key) ? t(key) : String(value);
}
