// Actions on a transaction shared by the list, a customer's history and the invoice page.
import { t } from '../i18n/index.js';
import { api, Submission } from './api.js';
import { navigate } from './router.svelte.js';
import { confirmDialog, toast } from './ui.svelte.js';

// Transactions the print page can show without another request (the list already has them).
export const printCache = new Map();

export function openInvoice(transaction) {
  printCache.set(String(transaction.id), transaction);
  navigate(`/transaksi/${transaction.id}/cetak`);
}

// A retry after a failed send reuses its Idempotency-Key: the bill is queued at most once.
const sendSubmission = new Submission();

export async function sendTransactionWhatsApp(transaction) {
  try {
    await api.create(
      '/api/whatsapp/send-billing',
      { transaction_id: transaction.id },
      sendSubmission,
    );
    toast(t('whatsapp.queuedOne', { name: transaction.customer_name }));
  } catch (e) {
    toast(e.missing ? t('state.missingTitle') : e.message, 'error');
  }
}

// Resolves true when deleted.
export async function deleteTransaction(transaction) {
  const ok = await confirmDialog({
    title: t('transactions.deleteTitle'),
    message: t('transactions.deleteText', { name: transaction.customer_name, id: transaction.id }),
    confirmLabel: t('common.delete'),
    danger: true,
  });
  if (!ok) return false;
  try {
    await api.del(`/api/transactions/${transaction.id}`);
    toast(t('transactions.deleted'));
    return true;
  } catch (e) {
    toast(e.message, 'error');
    return false;
  }
}
