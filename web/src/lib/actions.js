// Actions on a transaction shared by the list, a customer's history and the invoice page.
import { t } from '../i18n/index.js';
import { api, Submission } from './api.js';
import { invoiceNumber } from './payments.js';
import { navigate } from './router.svelte.js';
import { confirmAndRun, failureText, runAction } from './run-action.js';

// Transactions the print page can show without another request (the list already has them).
export const printCache = new Map();

export function openInvoice(transaction) {
  printCache.set(String(transaction.id), transaction);
  navigate(`/transaksi/${transaction.id}/cetak`);
}

// Where the receipt page's back button goes: the page it was opened from.
export const receiptReturn = { path: '/transaksi' };

// The counter receipt of a paid transaction; `print` opens the print dialog once it shows.
export function openReceipt(transaction, { print = false } = {}) {
  printCache.set(String(transaction.id), transaction);
  receiptReturn.path = location.pathname + location.search;
  navigate(`/transaksi/${transaction.id}/struk${print ? '?cetak=1' : ''}`);
}

// Queues a customer's bill on WhatsApp (`body`: {customer_id} or {transaction_id}). A retry after
// a failed send reuses `submission`'s Idempotency-Key: the bill is queued at most once.
export function sendBillingWhatsApp(body, name, submission) {
  return runAction(
    () => api.create('/api/whatsapp/send-billing', body, submission),
    t('whatsapp.queuedOne', { name }),
    { failure: failureText },
  );
}

const sendSubmission = new Submission();

export function sendTransactionWhatsApp(transaction) {
  return sendBillingWhatsApp(
    { transaction_id: transaction.id },
    transaction.customer_name,
    sendSubmission,
  );
}

// Resolves true when deleted.
export function deleteTransaction(transaction) {
  return confirmAndRun(
    {
      title: t('transactions.deleteTitle'),
      message: t('transactions.deleteText', {
        name: transaction.customer_name,
        number: invoiceNumber(transaction),
      }),
    },
    () => api.del(`/api/transactions/${transaction.id}`),
    t('transactions.deleted'),
  );
}
