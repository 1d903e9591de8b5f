// Pure validation of form input before it is sent; the server checks again and its field
// messages are shown the same way. Each validator returns {field: message} (empty = valid).
import { t } from '../i18n/index.js';
import { isValidPeriod, parseRupiah } from './format.js';

// Indonesian mobile and landline numbers, "0812-3456-789", "+62 812...", "(0274) 123456" ->
// "628123456789", "62274123456"; null when invalid. The same rule as the server's
// domain::NormalizePhone (libs/domain/phone.cc), held to it by the table both test
// (libs/domain/phone_cases.json).
export function normalizePhone(text) {
  const s = String(text ?? '');
  const firstNonSpace = s.search(/[^ ]/);
  let digits = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') digits += c;
    // One '+' may open the number (after spaces only).
    else if (c === '+' && digits === '' && i === firstNonSpace) continue;
    else if (!' -.()'.includes(c)) return null;
  }
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  else if (digits.startsWith('8')) digits = `62${digits}`;
  else if (!digits.startsWith('62')) return null;
  // 62 + 8..13 national digits; the national part never starts with 0.
  if (digits.length < 10 || digits.length > 15 || digits[2] === '0') return null;
  return digits;
}

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;

export function validateUser(input, { creating }) {
  const errors = {};
  if (creating) {
    if (!input.username?.trim()) errors.username = t('validation.required');
    else if (!USERNAME.test(input.username.trim())) errors.username = t('validation.username');
  }
  if ((input.full_name ?? '').length > 100)
    errors.full_name = t('validation.tooLong', { max: 100 });
  if (creating || input.password) {
    const error = passwordError(input.password);
    if (error) errors.password = error;
  }
  if (!['admin', 'staff'].includes(input.role)) errors.role = t('validation.role');
  return errors;
}

export function passwordError(password) {
  if (!password) return t('validation.required');
  if ([...password].length < 8) return t('validation.passwordShort', { min: 8 });
  if ([...password].length > 128) return t('validation.tooLong', { max: 128 });
  return null;
}

function wholeAmount(text, { required, min = 0 }) {
  if (text === '' || text === null || text === undefined) {
    return required ? t('validation.required') : null;
  }
  const n = parseRupiah(text);
  if (Number.isNaN(n)) return t('validation.amount');
  if (n < min) return t('validation.amountMin', { min });
  return null;
}

// `keepPassword`: editing an internet customer, where an empty PPPoE password keeps the stored one.
// `phoneMayWait`: editing a customer adopted without a phone, who may keep waiting for one.
export function validateCustomer(input, { keepPassword = false, phoneMayWait = false } = {}) {
  const errors = {};
  if (!input.name?.trim()) errors.name = t('validation.required');
  else if (input.name.trim().length > 100) errors.name = t('validation.tooLong', { max: 100 });
  if (!input.phone?.trim()) {
    if (!phoneMayWait) errors.phone = t('validation.required');
  } else if (!normalizePhone(input.phone)) errors.phone = t('validation.phone');
  if (!['internet', 'gas'].includes(input.type)) errors.type = t('validation.required');
  if (input.type === 'internet') {
    if (!input.pppoe_username?.trim()) errors.pppoe_username = t('validation.required');
    else if (/\s/.test(input.pppoe_username.trim()))
      errors.pppoe_username = t('validation.noSpaces');
    if (!input.pppoe_password && !keepPassword) errors.pppoe_password = t('validation.required');
    if (input.package_id === '' || input.package_id === null || input.package_id === undefined) {
      errors.package_id = t('validation.choosePackage');
    }
    const fee = wholeAmount(input.monthly_fee, { required: true, min: 1 });
    if (fee) errors.monthly_fee = fee;
    const day = Number(input.due_day);
    if (!Number.isInteger(day) || day < 1 || day > 28) errors.due_day = t('validation.dueDay');
  }
  if (input.type === 'gas') {
    const price = wholeAmount(input.gas_price, { required: false, min: 0 });
    if (price) errors.gas_price = price;
  }
  return errors;
}

export function validateInternetBill(input) {
  const errors = {};
  if (!input.customer_id) errors.customer_id = t('validation.chooseCustomer');
  if (!isValidPeriod(input.period)) errors.period = t('validation.period');
  const amount = wholeAmount(input.amount, { required: false, min: 1 });
  if (amount) errors.amount = amount;
  return errors;
}

export function validateGasSale(input) {
  const errors = {};
  if (!input.customer_id) errors.customer_id = t('validation.chooseCustomer');
  const items = input.items ?? [];
  if (items.length === 0) errors.items = t('validation.itemsRequired');
  items.forEach((item, i) => {
    if (!item.name?.trim()) errors[`items.${i}.name`] = t('validation.required');
    const qty = Number(item.qty);
    if (!Number.isInteger(qty) || qty < 1) errors[`items.${i}.qty`] = t('validation.qty');
    const price = wholeAmount(item.unit_price, { required: true, min: 1 });
    if (price) errors[`items.${i}.unit_price`] = price;
  });
  return errors;
}

export function validatePayment(input, { outstanding } = {}) {
  const errors = {};
  if (!['cash', 'transfer', 'other'].includes(input.method))
    errors.method = t('validation.required');
  const amount = wholeAmount(input.amount, { required: false, min: 1 });
  if (amount) errors.amount = amount;
  else if (outstanding && input.amount !== '' && parseRupiah(input.amount) > outstanding * 10) {
    errors.amount = t('validation.amountTooHigh');
  }
  return errors;
}

// The sum of a gas sale's items, or null while one of them is not a valid number.
export function itemsTotal(items) {
  let total = 0;
  for (const item of items ?? []) {
    const qty = Number(item.qty);
    const price = parseRupiah(item.unit_price);
    if (!Number.isInteger(qty) || Number.isNaN(price)) return null;
    total += qty * price;
  }
  return total;
}

// Fills a template's {placeholders} from values; unknown ones stay visible.
export function renderTemplate(template, values) {
  return String(template ?? '').replace(/\{(\w+)\}/g, (match, name) =>
    values[name] === undefined || values[name] === null ? match : String(values[name]),
  );
}

// The warning for a preview whose placeholders are empty for its customer (the server's `empty`
// list): "Untuk pelanggan ini {no_invoice}, {rincian} kosong: ..."; "" when none is.
export function emptyPlaceholdersText(names) {
  const list = (Array.isArray(names) ? names : []).filter(Boolean);
  if (!list.length) return '';
  return t('settings.emptyPlaceholders', { names: list.map((name) => `{${name}}`).join(', ') });
}
