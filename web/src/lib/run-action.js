// A button's action with its feedback: an optional question first, then the call, then a toast
// that says how it went. Resolves true when the action went through.
import { t } from '../i18n/index.js';
import { confirmDialog, toast } from './ui.svelte.js';

// What a failure says: "not available yet" when that part of the back end is not deployed.
export function failureText(e) {
  return e.missing ? t('state.missingTitle') : e.message;
}

// Runs `action`; `done` (text, a function of the action's result, or null for no toast) is
// toasted when it went through, the failure (`failure(e)`) as an error toast.
export async function runAction(action, done, { failure = (e) => e.message } = {}) {
  try {
    const result = await action();
    const text = typeof done === 'function' ? done(result) : done;
    if (text) toast(text);
    return true;
  } catch (e) {
    toast(failure(e), 'error');
    return false;
  }
}

// Asks first: {title, message, confirmLabel (default: Hapus), danger (default: true)}; nothing
// runs unless staff confirm.
export async function confirmAndRun(question, action, done, options) {
  const ok = await confirmDialog({ confirmLabel: t('common.delete'), danger: true, ...question });
  if (!ok) return false;
  return runAction(action, done, options);
}
