// Customer actions shared by the list and the detail page.
import { t } from '../i18n/index.js';
import { api, Submission } from './api.js';
import { confirmDialog, toast } from './ui.svelte.js';

export const STATUS_BADGE = { active: 'ok', isolated: 'warn', inactive: 'neutral' };

// Resolves true when deleted.
export async function deleteCustomer(customer) {
  const ok = await confirmDialog({
    title: t('customers.deleteTitle'),
    message: t('customers.deleteText', { name: customer.name }),
    confirmLabel: t('common.delete'),
    danger: true,
  });
  if (!ok) return false;
  try {
    await api.del(`/api/customers/${customer.id}`);
    toast(t('customers.deleted', { name: customer.name }));
    return true;
  } catch (e) {
    toast(e.message, 'error');
    return false;
  }
}

// A retry after a failed send reuses its Idempotency-Key: the bill is queued at most once.
const sendSubmission = new Submission();

export async function sendCustomerWhatsApp(customer) {
  try {
    await api.create('/api/whatsapp/send-billing', { customer_id: customer.id }, sendSubmission);
    toast(t('whatsapp.queuedOne', { name: customer.name }));
  } catch (e) {
    toast(e.missing ? t('state.missingTitle') : e.message, 'error');
  }
}
