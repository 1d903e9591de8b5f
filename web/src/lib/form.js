// What every form shares: per-field messages, the form-level message, and `busy` while it saves.
// A component keeps it in one $state object (`const f = $state(formState())`); these helpers
// only set its fields, so they work on a plain object too.

export function formState() {
  return { errors: {}, error: null, busy: false };
}

// Shows the client-side check's per-field messages; true when there are none and the form may
// be sent.
export function passes(state, errors) {
  state.error = null;
  state.errors = errors;
  return Object.keys(errors).length === 0;
}

// Runs `save` with the form busy. A failure shows the server's per-field messages by their inputs
// and its message above the form, unless `handled(e)` deals with it and returns true; `fields`
// and `message` pick what is shown from the error. Resolves true when `save` went through.
export async function submitForm(
  state,
  save,
  { fields = (e) => e.fields, message = (e) => e.message, handled = () => false } = {},
) {
  state.error = null;
  state.busy = true;
  try {
    await save();
    return true;
  } catch (e) {
    if (!handled(e)) {
      state.errors = fields(e) ?? {};
      state.error = message(e);
    }
    return false;
  } finally {
    state.busy = false;
  }
}
