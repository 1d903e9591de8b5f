// The lines of a bill (package or items, installation fee, discount, PPN) as the server computed
// them, how they read, and the discount and PPN choices staff make before the server computes
// anything. The UI never adds lines up: the server's `amount` is the total.
import { t } from '../i18n/index.js';
import { formatRupiah, parseRupiah } from './format.js';

export const LINE_KINDS = ['package', 'item', 'installation', 'discount', 'tax'];
export const DISCOUNT_TYPES = ['none', 'fixed', 'percent'];
// A bill's own discount: the customer's standing one, or one of DISCOUNT_TYPES instead.
export const BILL_DISCOUNT_CHOICES = ['customer', ...DISCOUNT_TYPES];
export const TAX_MODES = ['added', 'included'];
// The server's limits: a Rupiah amount (fixed discount, installation fee) and the tax label.
export const RUPIAH_MAX = 1_000_000_000;
export const TAX_LABEL_MAX = 20;

function line(kind, label, qty, unitPrice, amount) {
  return { kind, label, qty, unit_price: unitPrice, amount, included: false, note: '' };
}

// The bill's lines: the server's, or for a copy without them (a bill from an older server) lines
// made from its items, else one line of its amount named `fallbackLabel`.
export function billLines(transaction, fallbackLabel = '') {
  const x = transaction ?? {};
  if (Array.isArray(x.lines) && x.lines.length) {
    return x.lines.map((l) => ({
      kind: LINE_KINDS.includes(l.kind) ? l.kind : 'item',
      label: l.label ?? '',
      qty: Number(l.qty ?? 1),
      unit_price: Number(l.unit_price ?? l.amount ?? 0),
      amount: Number(l.amount ?? 0),
      included: !!l.included,
      note: l.note ?? '',
    }));
  }
  if (x.items?.length) {
    return x.items.map((item) =>
      line('item', item.name, item.qty, item.unit_price, item.qty * item.unit_price),
    );
  }
  const kind = x.type === 'internet' ? 'package' : 'item';
  return [line(kind, x.description || fallbackLabel, 1, x.amount, x.amount)];
}

// A tax line inside the prices: shown ("termasuk PPN 11%"), never part of the total.
export function isIncludedTax(l) {
  return l.kind === 'tax' && !!l.included;
}

// The lines that make up the total, in the server's order.
export function chargedLines(lines) {
  return (lines ?? []).filter((l) => !isIncludedTax(l));
}

export function includedTaxLines(lines) {
  return (lines ?? []).filter(isIncludedTax);
}

// "termasuk PPN 11%" for an included tax line; every other line by its own label.
export function lineLabel(l) {
  return isIncludedTax(l) ? t('bill.taxIncluded', { label: l.label }) : l.label;
}

// True when a table shows the line's quantity and unit price: what is bought (a pro rata
// package's unit price is the whole month's), not a discount or a tax.
export function showsUnitPrice(l) {
  return l.kind !== 'discount' && l.kind !== 'tax';
}

// What a bill has besides its package or items, for a list's short summary (the amounts are on
// the invoice): the package's note ("pro rata 11/30 hari"), then "Biaya pemasangan", "Diskon 10%",
// "PPN 11%" or "termasuk PPN 11%".
export function lineNotes(transaction) {
  const notes = [];
  for (const l of billLines(transaction)) {
    if (l.kind === 'package' || l.kind === 'item') {
      if (l.note) notes.push(l.note);
    } else {
      notes.push(lineLabel(l));
    }
  }
  return notes;
}

// A standing or per-bill discount as staff read it: "10%", "Rp 15.000", or "Tidak ada".
export function discountText(type, value) {
  if (type === 'percent') return `${value}%`;
  if (type === 'fixed') return formatRupiah(value);
  return t('bill.discountTypes.none');
}

// A whole Rupiah amount from 0 to RUPIAH_MAX typed by staff: null when valid, else the message.
export function rupiahError(text, { required = true } = {}) {
  if (text === '' || text === null || text === undefined) {
    return required ? t('validation.required') : null;
  }
  const n = parseRupiah(text);
  if (Number.isNaN(n)) return t('validation.amount');
  if (n < 0 || n > RUPIAH_MAX) {
    return t('validation.rupiahRange', { min: formatRupiah(0), max: formatRupiah(RUPIAH_MAX) });
  }
  return null;
}

// A discount's value for its type, as the server checks it: {type?, value?} messages.
export function discountErrors(type, value) {
  if (!DISCOUNT_TYPES.includes(type)) return { type: t('validation.required') };
  if (type === 'percent') {
    const text = String(value ?? '').trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 100) return { value: t('validation.percent') };
  }
  if (type === 'fixed') {
    const message = rupiahError(value);
    if (message) return { value: message };
  }
  return {};
}

// The discount as the server takes it: {type, value}; value 0 without a discount.
export function discountValue(type, value) {
  if (type === 'percent') return Number(String(value).trim());
  if (type === 'fixed') return parseRupiah(value);
  return 0;
}

// The customer form's discount and installation fee: {field: message} under the server's names
// (discount_type, discount_value, installation_fee).
export function validateCustomerTerms(input) {
  const errors = {};
  const discount = discountErrors(input.discount_type, input.discount_value);
  if (discount.type) errors.discount_type = discount.type;
  if (discount.value) errors.discount_value = discount.value;
  if (input.type === 'internet') {
    const fee = rupiahError(input.installation_fee, { required: false });
    if (fee) errors.installation_fee = fee;
  }
  return errors;
}

// The customer's discount and installation fee for POST/PUT /api/customers.
export function customerTermsBody(input) {
  const body = {
    discount_type: input.discount_type,
    discount_value: discountValue(input.discount_type, input.discount_value),
  };
  if (input.type === 'internet') {
    body.installation_fee =
      String(input.installation_fee ?? '').trim() === '' ? 0 : parseRupiah(input.installation_fee);
  }
  return body;
}

// A new bill's own discount (`choice` one of BILL_DISCOUNT_CHOICES): messages under
// discount.type / discount.value, as the server names them.
export function validateBillDiscount(choice, value) {
  if (choice === 'customer') return {};
  const errors = discountErrors(choice, value);
  const out = {};
  if (errors.type) out['discount.type'] = errors.type;
  if (errors.value) out['discount.value'] = errors.value;
  return out;
}

// The `discount` of POST /api/transactions, or undefined to follow the customer's.
export function billDiscountBody(choice, value) {
  if (choice === 'customer' || !DISCOUNT_TYPES.includes(choice)) return undefined;
  return { type: choice, value: discountValue(choice, value) };
}

// A tax rate typed as "11", "11.5" or "11,5": a number, or NaN.
export function parseTaxRate(text) {
  const s = String(text ?? '')
    .trim()
    .replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return NaN;
  return Number(s);
}

// Pengaturan > Pajak (PPN) before it is sent: {field: message}, empty when valid.
export function validateTaxSettings(tax) {
  const errors = {};
  const rate = parseTaxRate(tax?.rate);
  if (!(rate > 0 && rate <= 100)) errors['tax.rate'] = t('validation.taxRate');
  if (!TAX_MODES.includes(tax?.mode)) errors['tax.mode'] = t('validation.required');
  const label = String(tax?.label ?? '').trim();
  if (!label) errors['tax.label'] = t('validation.required');
  // The server counts bytes (UTF-8), as for every settings text.
  else if (new TextEncoder().encode(label).length > TAX_LABEL_MAX) {
    errors['tax.label'] = t('validation.tooLong', { max: TAX_LABEL_MAX });
  }
  return errors;
}

// The `tax` section of POST /api/settings: the rate as a number, the label trimmed.
export function taxSettingsBody(tax) {
  return {
    enabled: !!tax.enabled,
    rate: parseTaxRate(tax.rate),
    mode: tax.mode,
    on_gas: !!tax.on_gas,
    label: String(tax.label ?? '').trim(),
  };
}

// "PPN 11%" or "PPN 11,5%" for the settings' example.
export function taxName(tax) {
  const rate = parseTaxRate(tax?.rate);
  const text = Number.isNaN(rate) ? String(tax?.rate ?? '') : String(rate).replace('.', ',');
  return `${String(tax?.label ?? '').trim() || 'PPN'} ${text}%`;
}
