// Dictionary lookup without any dictionary: shared by the staff app (i18n/index.js) and the
// customer portal (i18n/portal.js), which must not load the staff texts.

// Looks up a dotted key ("nav.dashboard") in `dictionary` and fills {placeholders} from params.
// A missing key returns the key itself, so a gap is visible instead of blank.
export function translate(dictionary, key, params) {
  let value = dictionary;
  for (const part of String(key).split('.')) {
    if (value == null || typeof value !== 'object' || !(part in value)) return key;
    value = value[part];
  }
  if (typeof value !== 'string') return key;
  if (!params) return value;
  return value.replace(/\{(\w+)\}/g, (match, name) =>
    params[name] === undefined || params[name] === null ? match : String(params[name]),
  );
}
