// App-wide toasts and the confirmation dialog.
export const toasts = $state([]);
export const dialog = $state({
  open: false,
  title: '',
  message: '',
  confirmLabel: '',
  danger: false,
});

let nextToast = 1;
let resolveDialog = null;

// kind: 'ok' | 'error' | 'info'
export function toast(message, kind = 'ok', ms = 4000) {
  const id = nextToast++;
  toasts.push({ id, message, kind });
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id) {
  const index = toasts.findIndex((item) => item.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

// Resolves true when the user confirms.
export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  resolveDialog?.(false);
  Object.assign(dialog, { open: true, title, message, confirmLabel, danger });
  return new Promise((resolve) => {
    resolveDialog = resolve;
  });
}

export function closeDialog(result) {
  dialog.open = false;
  resolveDialog?.(result);
  resolveDialog = null;
}
