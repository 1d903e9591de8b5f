// Customer actions shared by the list and the detail page.
import { t } from '../i18n/index.js';
import { sendBillingWhatsApp } from './actions.js';
import { api, Submission } from './api.js';
import { confirmAndRun, failureText } from './run-action.js';

export const STATUS_BADGE = { active: 'ok', isolated: 'warn', inactive: 'neutral' };

// Customers adopted from a router may wait for a phone number (their phone is ''): the list
// filter that finds them, and the list page showing it.
export const MISSING_PHONE = 'missing';
export const missingPhonePath = `/pelanggan?phone=${MISSING_PHONE}`;
export const phoneMissing = (customer) => !customer?.phone;

// Resolves true when deleted.
export function deleteCustomer(customer) {
  return confirmAndRun(
    {
      title: t('customers.deleteTitle'),
      message: t('customers.deleteText', { name: customer.name }),
    },
    () => api.del(`/api/customers/${customer.id}`),
    t('customers.deleted', { name: customer.name }),
  );
}

const sendSubmission = new Submission();

export function sendCustomerWhatsApp(customer) {
  return sendBillingWhatsApp({ customer_id: customer.id }, customer.name, sendSubmission);
}

// Ends the customer's personal portal link (sent in WhatsApp messages); a new one goes out with
// the next message. Resolves true when revoked.
export function revokePortalLink(customer) {
  return confirmAndRun(
    {
      title: t('customers.portalRevokeTitle'),
      message: t('customers.portalRevokeText', { name: customer.name }),
      confirmLabel: t('customers.portalRevoke'),
    },
    () => api.post(`/api/customers/${customer.id}/portal-link/revoke`),
    t('customers.portalRevoked', { name: customer.name }),
    { failure: failureText },
  );
}
