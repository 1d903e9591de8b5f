// The gas shop's pure logic: the NIK check (the same rules as the server's
// libs/domain/nik.cc), sale lines made from products, the monthly NIK limit warning, low stock,
// stock movements as the API takes them, the product form and the daily stock report's rows.
import { t } from '../i18n/index.js';
import { parseRupiah } from './format.js';

export const PRODUCT_KINDS = ['lpg_3kg', 'lpg_5_5kg', 'lpg_12kg', 'bright_gas', 'other'];
export const MOVEMENT_KINDS = [
  'sale',
  'sale_new_cylinder',
  'sale_cancelled',
  'delivery',
  'return',
  'correction',
];
// The movements staff record by hand (sales move the stock by themselves).
export const MANUAL_MOVEMENTS = ['delivery', 'return', 'correction'];
export const RUPIAH_MAX = 1_000_000_000;
export const COUNT_MAX = 100_000;

// The NIK with spaces, dots and dashes taken out, or null when it cannot be one: not 16 digits,
// a province code outside 11..94, a birth day outside 1..31 and 41..71 (women: +40), or a
// month outside 1..12.
export function normalizeNik(text) {
  const raw = String(text ?? '');
  if (/[^0-9 .-]/.test(raw)) return null;
  const nik = raw.replace(/[ .-]/g, '');
  if (nik.length !== 16) return null;
  const province = Number(nik.slice(0, 2));
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  if (province < 11 || province > 94) return null;
  if (day > 40) day -= 40;
  if (day < 1 || day > 31) return null;
  if (month < 1 || month > 12) return null;
  return nik;
}

// The message for a NIK field: null when valid, or when empty and not required.
export function nikError(text, { required = false } = {}) {
  if (!String(text ?? '').trim()) return required ? t('shop.nikRequired') : null;
  return normalizeNik(text) ? null : t('shop.nikInvalid');
}

// "3201 0112 0390 0001": a NIK as people read it.
export function formatNik(nik) {
  const n = normalizeNik(nik);
  return n ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : (nik ?? '');
}

// A new sale line for a product at its price (the customer's special price when the list was
// asked for with ?customer_id=).
export function productLine(product, qty = 1) {
  return {
    product_id: product.id,
    name: product.name,
    qty,
    unit_price: String(product.price ?? ''),
    new_cylinder: false,
  };
}

// A free-text sale line (no product).
export function freeLine(price = '') {
  return { product_id: null, name: '', qty: 1, unit_price: price, new_cylinder: false };
}

// The line's product, if any.
export function productOf(line, products) {
  if (!line?.product_id) return null;
  return (products ?? []).find((p) => p.id === line.product_id) ?? null;
}

// Re-prices the lines that still show a product's price after another product list arrived
// (the customer changed: their special prices). Lines whose price staff typed stay as they are.
export function repriceLines(lines, before, after) {
  for (const line of lines) {
    const old = productOf(line, before);
    const next = productOf(line, after);
    if (!next) continue;
    if (!old || parseRupiah(line.unit_price) === old.price) line.unit_price = String(next.price);
  }
  return lines;
}

// The sale's items as POST /api/transactions takes them.
export function saleItemsBody(lines) {
  return lines.map((line) => {
    const item = {
      name: String(line.name ?? '').trim(),
      qty: Number(line.qty),
      unit_price: parseRupiah(line.unit_price),
    };
    if (line.product_id) {
      item.product_id = line.product_id;
      item.new_cylinder = !!line.new_cylinder;
    }
    return item;
  });
}

// The sale's estimated total before the server computes it: each line's qty x price, plus a
// new cylinder's price per cylinder. null while a number is not readable.
export function saleTotal(lines, products) {
  let total = 0;
  for (const line of lines ?? []) {
    const qty = Number(line.qty);
    const price = parseRupiah(line.unit_price);
    if (!Number.isInteger(qty) || Number.isNaN(price)) return null;
    total += qty * price;
    const product = productOf(line, products);
    if (line.new_cylinder && product?.cylinder_price) total += qty * product.cylinder_price;
  }
  return total;
}

// Cylinders of subsidised products in the sale (the buyer log's quantity).
export function subsidisedQty(lines, products) {
  let qty = 0;
  for (const line of lines ?? []) {
    if (productOf(line, products)?.subsidised) qty += Number(line.qty) || 0;
  }
  return qty;
}

// The warning when the NIK's purchases this month plus this sale pass the monthly limit, or
// null (no limit, or within it). `usage` is GET /api/shop/nik/:nik.
export function nikLimitWarning(usage, saleQty) {
  const limit = Number(usage?.monthly_limit ?? 0);
  if (!usage || limit <= 0) return null;
  const month = Number(usage.month ?? 0);
  if (month + saleQty <= limit) return null;
  return t('shop.nikOverLimit', { month, qty: saleQty, limit });
}

// The per-field checks of a gas sale made of product and free-text lines.
export function validateShopSale(form, products) {
  const errors = {};
  if (!form.customer_id) errors.customer_id = t('validation.chooseCustomer');
  const lines = form.items ?? [];
  if (lines.length === 0) errors.items = t('validation.itemsRequired');
  lines.forEach((line, i) => {
    if (!line.product_id && !String(line.name ?? '').trim())
      errors[`items.${i}.name`] = t('validation.required');
    const qty = Number(line.qty);
    if (!Number.isInteger(qty) || qty < 1) errors[`items.${i}.qty`] = t('validation.qty');
    const price = parseRupiah(line.unit_price);
    if (Number.isNaN(price) || price < 1 || price > RUPIAH_MAX)
      errors[`items.${i}.unit_price`] = t('validation.amount');
  });
  if (subsidisedQty(lines, products) > 0) {
    const nik = nikError(form.nik, { required: true });
    if (nik) errors.nik = nik;
  }
  return errors;
}

// Products whose full cylinders fell below their low-stock level (0 = never warned).
export function lowStockProducts(products) {
  return (products ?? []).filter(
    (p) => p.tracks_stock !== false && p.low_stock > 0 && p.full < p.low_stock,
  );
}

export function isLowStock(product) {
  return lowStockProducts([product]).length === 1;
}

function wholeCount(text, { min = 0, max = COUNT_MAX } = {}) {
  const s = String(text ?? '').trim();
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

// A movement form ({full, empty, unit_price, note}) as POST /api/stock/movements takes it, with
// its per-field errors:
//   delivery:   full in (>= 1), empty cylinders given back to the agent (>= 0), price each;
//   return:     full and/or empty cylinders brought back (one of them >= 1);
//   correction: full and empty changes of any sign (not both 0), the reason required.
export function movementRequest(kind, product, form) {
  const errors = {};
  const body = { product_id: product?.id ?? 0, kind };
  if (!product) errors.product_id = t('validation.required');
  if (kind === 'delivery') {
    const full = wholeCount(form.full, { min: 1 });
    const empty = form.empty === '' || form.empty == null ? 0 : wholeCount(form.empty);
    if (full === null) errors.full = t('shop.countMin', { min: 1 });
    if (empty === null) errors.empty = t('shop.countMin', { min: 0 });
    body.full_delta = full ?? 0;
    body.empty_delta = -(empty ?? 0);
    if (String(form.unit_price ?? '').trim() !== '') {
      const price = parseRupiah(form.unit_price);
      if (Number.isNaN(price) || price < 0 || price > RUPIAH_MAX)
        errors.unit_price = t('validation.amount');
      else body.unit_price = price;
    }
  } else if (kind === 'return') {
    const full = form.full === '' || form.full == null ? 0 : wholeCount(form.full);
    const empty = form.empty === '' || form.empty == null ? 0 : wholeCount(form.empty);
    if (full === null) errors.full = t('shop.countMin', { min: 0 });
    if (empty === null) errors.empty = t('shop.countMin', { min: 0 });
    if (full === 0 && empty === 0) errors.full = t('shop.returnNothing');
    body.full_delta = full ?? 0;
    body.empty_delta = empty ?? 0;
  } else {
    const full =
      form.full === '' || form.full == null ? 0 : wholeCount(form.full, { min: -COUNT_MAX });
    const empty =
      form.empty === '' || form.empty == null ? 0 : wholeCount(form.empty, { min: -COUNT_MAX });
    if (full === null) errors.full = t('validation.qty');
    if (empty === null) errors.empty = t('validation.qty');
    if (full === 0 && empty === 0) errors.full = t('shop.correctionNothing');
    if (!String(form.note ?? '').trim()) errors.note = t('shop.reasonRequired');
    body.full_delta = full ?? 0;
    body.empty_delta = empty ?? 0;
  }
  const note = String(form.note ?? '').trim();
  if (note) body.note = note;
  return { body, errors };
}

// "+10" / "-2" / "0": a count's change.
export function signed(n) {
  const v = Number(n) || 0;
  return v > 0 ? `+${v}` : String(v);
}

// The product form's draft from a product (or a new one's defaults).
export function productDraft(p = {}) {
  const money = (v) => (v != null && v !== 0 ? String(v) : '');
  return {
    name: p.name ?? '',
    kind: p.kind ?? 'lpg_3kg',
    price: money(p.price),
    cylinder_price: money(p.cylinder_price),
    purchase_price: money(p.purchase_price),
    tracks_stock: p.tracks_stock ?? true,
    low_stock: p.low_stock ? String(p.low_stock) : '',
    subsidised: p.subsidised ?? (p.kind ?? 'lpg_3kg') === 'lpg_3kg',
    active: p.active ?? true,
  };
}

// The product form as POST/PUT /api/products takes it, with its per-field errors.
export function productRequest(form) {
  const errors = {};
  const name = String(form.name ?? '').trim();
  if (!name) errors.name = t('validation.required');
  else if (name.length > 60) errors.name = t('validation.tooLong', { max: 60 });
  if (!PRODUCT_KINDS.includes(form.kind)) errors.kind = t('validation.required');
  const money = (key, { required = false } = {}) => {
    const text = String(form[key] ?? '').trim();
    if (!text) {
      if (required) errors[key] = t('validation.required');
      return 0;
    }
    const v = parseRupiah(text);
    if (Number.isNaN(v) || v < 0 || v > RUPIAH_MAX) {
      errors[key] = t('validation.amount');
      return 0;
    }
    return v;
  };
  const body = {
    name,
    kind: form.kind,
    price: money('price', { required: true }),
    cylinder_price: money('cylinder_price'),
    purchase_price: money('purchase_price'),
    tracks_stock: !!form.tracks_stock,
    low_stock: 0,
    subsidised: !!form.subsidised,
    active: !!form.active,
  };
  const low = String(form.low_stock ?? '').trim();
  if (low) {
    const n = wholeCount(low);
    if (n === null) errors.low_stock = t('shop.countMin', { min: 0 });
    else body.low_stock = n;
  }
  if (!errors.price && body.price < 1) errors.price = t('validation.amountMin', { min: 1 });
  return { body, errors };
}

// The daily stock report's rows grouped by day for a table: [{date, rows: [...]}], and the
// period's movement per product (first opening, sums of in and out, last closing).
export function stockReportDays(items) {
  const days = [];
  for (const item of items ?? []) {
    let day = days[days.length - 1];
    if (!day || day.date !== item.date) {
      day = { date: item.date, rows: [] };
      days.push(day);
    }
    day.rows.push(item);
  }
  return days;
}

export function stockReportSummary(items) {
  const byProduct = new Map();
  for (const item of items ?? []) {
    const s = byProduct.get(item.product_id);
    if (!s) {
      byProduct.set(item.product_id, {
        product_id: item.product_id,
        product_name: item.product_name,
        full: { ...item.full },
        empty: { ...item.empty },
      });
      continue;
    }
    for (const side of ['full', 'empty']) {
      s[side].in += item[side].in;
      s[side].out += item[side].out;
      s[side].closing = item[side].closing;
    }
  }
  return [...byProduct.values()].sort((a, b) => a.product_name.localeCompare(b.product_name));
}

// How many NIKs of the buyer log passed the monthly limit.
export function overLimitCount(log) {
  return (log?.totals ?? []).filter((x) => x.over_limit).length;
}
