// The counter receipt (struk) of a paid bill as lines of monospace text that fit a thermal
// printer's paper: 32 columns on 58 mm, 48 on 80 mm (the printers' usual font). Long text wraps
// at spaces (a word longer than a line breaks after "/" or "-", else anywhere), so nothing is cut
// off. Also the @page rule that prints those lines on one strip of that paper.
import { t } from '../i18n/index.js';
import {
  billLines,
  chargedLines,
  includedTaxLines,
  lineLabel,
  showsUnitPrice,
} from './bill-lines.js';
import { formatDateTime, formatNumber, formatPeriod, formatRupiah } from './format.js';
import { customerNumber, invoiceNumber, methodText } from './payments.js';

// Paper width (mm) -> columns, the printed text's width and the page margins (mm).
export const RECEIPT_LAYOUTS = {
  58: { cols: 32, paperMm: 58, textMm: 48, marginXMm: 5, marginYMm: 3 },
  80: { cols: 48, paperMm: 80, textMm: 72, marginXMm: 4, marginYMm: 3 },
};
export const RECEIPT_WIDTHS = Object.keys(RECEIPT_LAYOUTS);
// A line is this many font sizes high; a character of DejaVu Sans Mono is 0.602 wide, and the
// font is sized so `cols` of them take a little less than the text width.
const LINE_HEIGHT = 1.3;
const CHAR_WIDTH = 0.62;

// "58" or "80" from a setting or a query value; "58" for anything else.
export function receiptWidth(value) {
  const text = String(value ?? '').replace(/mm$/i, '');
  return RECEIPT_LAYOUTS[text] ? text : '58';
}

// Characters as the printer counts them (code points, not UTF-16 units).
function chars(text) {
  return Array.from(String(text ?? ''));
}

export function textLength(text) {
  return chars(text).length;
}

// A word longer than `width` in pieces of at most `width`: after the last "/" or "-" in the
// second half of a line when there is one (invoice numbers, references), else at `width`.
function breakWord(word, width) {
  const pieces = [];
  let rest = chars(word);
  while (rest.length > width) {
    let cut = width;
    for (let i = width - 1; i >= Math.ceil(width / 2); i -= 1) {
      if (rest[i] === '/' || rest[i] === '-') {
        cut = i + 1;
        break;
      }
    }
    pieces.push(rest.slice(0, cut).join(''));
    rest = rest.slice(cut);
  }
  if (rest.length) pieces.push(rest.join(''));
  return pieces;
}

// Text in lines of at most `width` characters, broken at spaces; line breaks in the text are
// kept, runs of spaces become one. Empty text gives no lines.
export function wrapText(text, width) {
  const lines = [];
  for (const paragraph of String(text ?? '').split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const pieces = breakWord(word, width);
      if (pieces.length > 1) {
        // A broken word starts its own line and no space ever goes inside it.
        if (line) lines.push(line);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1);
      } else if (!line) {
        line = word;
      } else if (textLength(line) + 1 + textLength(word) <= width) {
        line += ` ${word}`;
      } else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

// Text wrapped and centred on `cols` columns (no trailing spaces).
export function centered(text, cols) {
  return wrapText(text, cols).map((line) => {
    const room = cols - textLength(line);
    return ' '.repeat(Math.floor(room / 2)) + line;
  });
}

// `left` wrapped with `right` flush right on its last line, or on a line of its own when it does
// not fit there (a space at least between them).
export function spread(left, right, cols) {
  const lines = wrapText(left, cols);
  const tail = String(right ?? '');
  if (!tail) return lines;
  const rightLines = wrapText(tail, cols);
  const last = lines.at(-1) ?? '';
  if (rightLines.length === 1 && textLength(last) + 1 + textLength(tail) <= cols) {
    const gap = cols - textLength(last) - textLength(tail);
    return [...lines.slice(0, -1), last + ' '.repeat(gap) + tail];
  }
  return [...lines, ...rightLines.map((line) => ' '.repeat(cols - textLength(line)) + line)];
}

// "Label        : value" with the value wrapped in its own column; when the label leaves too
// little room, the value goes below it, indented.
export function labelled(label, value, cols, labelWidth) {
  const head = `${String(label).padEnd(labelWidth)} : `;
  const room = cols - textLength(head);
  if (room < Math.floor(cols / 3)) {
    return [...wrapText(label, cols), ...wrapText(value, cols - 2).map((line) => `  ${line}`)];
  }
  const values = wrapText(value, room);
  if (!values.length) return [head.trimEnd()];
  const indent = ' '.repeat(textLength(head));
  return values.map((line, i) => (i === 0 ? head : indent) + line);
}

// One line of a bill: an item "2 x LPG 3 kg @ 22.000" with "= 44.000" flush right; the package,
// installation fee, discount ("-15.000") or PPN by its label with its amount; a note ("pro rata
// 11/30 hari") indented below.
function billLineText(line, cols) {
  const several = line.kind === 'item' || (showsUnitPrice(line) && Number(line.qty) !== 1);
  const main = several
    ? spread(
        `${line.qty} x ${line.label} @ ${formatNumber(line.unit_price)}`,
        `= ${formatNumber(line.amount)}`,
        cols,
      )
    : spread(line.label, formatNumber(line.amount), cols);
  return [...main, ...wrapText(line.note, cols - 2).map((text) => `  ${text}`)];
}

// The lines of a bill that make up its total, in the server's order (a PPN inside the prices is
// not one: receiptLines puts it under the total). A bill stored without lines: its items, or
// "Internet November 2026" with its amount.
export function itemLines(transaction, cols) {
  const x = transaction ?? {};
  const fallback =
    x.type === 'internet'
      ? t('receipt.internetLine', { period: formatPeriod(x.period) })
      : t(`types.${x.type}`);
  return chargedLines(billLines(x, fallback)).flatMap((line) => billLineText(line, cols));
}

// "termasuk PPN 11%" with its Rupiah, under the total: shown, not added.
function includedTaxText(transaction, cols) {
  return includedTaxLines(billLines(transaction)).flatMap((line) =>
    spread(lineLabel(line), formatRupiah(line.amount), cols),
  );
}

// The receipt of a paid transaction as lines ({text, bold}) for `width` ("58" or "80"):
// business, invoice number, payment time, cashier, customer, bill lines, total (and a PPN inside
// it), paid, method, footer.
export function receiptLines(transaction, settings, width) {
  const { cols } = RECEIPT_LAYOUTS[receiptWidth(width)];
  const x = transaction ?? {};
  const business = settings?.business ?? {};
  const footer = settings?.receipt?.footer ?? t('receipt.defaultFooter');
  const rule = { text: '-'.repeat(cols) };
  const plain = (texts) => texts.map((text) => ({ text }));
  const bold = (texts) => texts.map((text) => ({ text, bold: true }));

  const facts = [
    [t('receipt.invoiceNo'), invoiceNumber(x)],
    [t('receipt.paidAt'), formatDateTime(x.paid_at)],
    [t('receipt.cashier'), x.paid_by || '-'],
    [t('receipt.customer'), x.customer_name || '-'],
  ];
  if (x.customer_id) facts.push([t('receipt.customerNumber'), customerNumber(x.customer_id)]);
  const labelWidth = Math.max(...facts.map(([label]) => textLength(label)));

  return [
    ...bold(centered(business.name || t('app.name'), cols)),
    ...plain(centered(business.address, cols)),
    ...plain(business.phone ? centered(`${t('receipt.phone')} ${business.phone}`, cols) : []),
    rule,
    ...bold(centered(t('receipt.title'), cols)),
    rule,
    ...plain(facts.flatMap(([label, value]) => labelled(label, value, cols, labelWidth))),
    rule,
    ...plain(itemLines(x, cols)),
    rule,
    ...bold(spread(t('receipt.total'), formatRupiah(x.amount), cols)),
    ...plain(includedTaxText(x, cols)),
    ...plain(spread(t('receipt.paid'), formatRupiah(x.paid_amount ?? x.amount), cols)),
    ...plain(spread(t('receipt.method'), methodText(x), cols)),
    rule,
    ...plain(centered(footer, cols)),
  ];
}

// The font size (mm) that fits a layout's columns in its text width, and the line height.
export function receiptFont(width) {
  const { cols, textMm } = RECEIPT_LAYOUTS[receiptWidth(width)];
  const sizeMm = textMm / cols / CHAR_WIDTH;
  return { sizeMm, lineMm: sizeMm * LINE_HEIGHT };
}

function mm(value) {
  return `${Math.round(value * 100) / 100}mm`;
}

// The @page rule printing `lineCount` lines on one strip of the paper: its width, a length that
// holds every line, small margins.
export function receiptPageRule(width, lineCount) {
  const layout = RECEIPT_LAYOUTS[receiptWidth(width)];
  const { lineMm } = receiptFont(width);
  // A little spare length: the printer feeds a few millimetres more rather than a second page.
  const length = layout.marginYMm * 2 + lineCount * lineMm + 4;
  return (
    `@page { size: ${mm(layout.paperMm)} ${mm(length)}; ` +
    `margin: ${mm(layout.marginYMm)} ${mm(layout.marginXMm)}; }`
  );
}
