// Browser tests of importing and exporting customers (issue 16): staff import a CSV in which
// one row is wrong (named by row and column, nothing imported), then the fixed file, and see the
// customers in the list; the customer and transaction lists export with their filters, the
// PPPoE passwords for admins only.
import { readFile } from 'node:fs/promises';
import { PHONE, assert, currentPeriod, eventually, fieldError, unique } from '../harness.mjs';

export const needs = ['customers', 'imports'];

// The template's columns (GET /api/customers/import/template).
const COLUMNS = [
  'Nama',
  'Jenis',
  'Telepon',
  'Alamat',
  'Paket',
  'Harga Paket',
  'Biaya Bulanan',
  'Username PPPoE',
  'Password PPPoE',
  'Tanggal Jatuh Tempo',
  'Status',
  'Catatan',
  'Tanggal Pasang',
  'Harga Gas',
  'Tunggakan',
];

function cell(value) {
  const text = String(value ?? '');
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A CSV as Excel saves it: a header row, one customer per row, CRLF line ends.
function csvFile(rows, name = 'pelanggan.csv') {
  const lines = [COLUMNS, ...rows.map((row) => COLUMNS.map((c) => row[c]))];
  return {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n'),
  };
}

function previousPeriod() {
  const [year, month] = currentPeriod().split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

// Three customers under one name prefix: two internet on a package the file introduces (the
// first owes last month), one gas; `phone` is the second one's number.
function customersFile(prefix, packageName, phone) {
  const internet = (name, username) => ({
    Nama: name,
    Jenis: 'internet',
    Alamat: 'Jl. Kenanga 7',
    Paket: packageName,
    'Harga Paket': '175000',
    'Biaya Bulanan': '175000',
    'Username PPPoE': username,
    'Password PPPoE': 'rahasia-88',
    'Tanggal Jatuh Tempo': '10',
    Status: 'aktif',
    'Tanggal Pasang': '2025-06-01',
  });
  const login = prefix.toLowerCase().replace(/[^a-z0-9]/g, '');
  return csvFile([
    {
      ...internet(`${prefix} Andi`, `${login}-andi`),
      Telepon: '081234500001',
      Tunggakan: previousPeriod(),
    },
    { ...internet(`${prefix} Bayu`, `${login}-bayu`), Telepon: phone },
    {
      Nama: `${prefix} Citra`,
      Jenis: 'gas',
      Telepon: '081234500003',
      Alamat: 'Gg. Mawar 3',
      Status: 'aktif',
      'Harga Gas': '22000',
    },
  ]);
}

async function checkFile(page, file) {
  await page.setInputFiles('#f-file', file);
  await page.click('[data-testid=import-check]');
  const summary = page.locator('[data-testid=import-summary]');
  await summary.waitFor({ timeout: 30000 });
  return (await summary.textContent()).trim();
}

async function customersNamed(w, token, prefix) {
  const reply = await w.api('GET', `/api/customers?q=${encodeURIComponent(prefix)}&limit=50`, {
    token,
  });
  assert(reply.status === 200, `GET /api/customers: ${reply.status} ${reply.text}`);
  return reply.json.items;
}

// Opens the export dialog behind `button`, picks the format (and the passwords), and returns the
// downloaded file's bytes.
async function exportFile(page, button, format, { passwords = false } = {}) {
  await page.click(`[data-testid=${button}]`);
  await page.click(`[data-format=${format}]`);
  if (passwords) await page.check('[data-testid=export-with-passwords]');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.click(`[data-testid=${button}-download]`),
  ]);
  const path = await download.path();
  assert(path, `the ${format} export was not saved: ${await download.failure()}`);
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

export const tests = [
  {
    name: 'staff import a CSV: a bad row is named by row and column, the fixed file imports and the customers are listed',
    async run(w) {
      const prefix = unique('Impor');
      const packageName = `Paket ${unique('Impor')}`;
      const staffToken = await w.token('staff', 'staff123');

      // An admin keeps Pelanggan open: the import's live event refreshes it.
      let admin = null;
      if (w.has('events')) {
        admin = await w.login(await w.context('admin'), 'admin', 'admin123');
        await admin.goto(`${w.baseUrl}/pelanggan`);
        await admin.fill('input[type=search]', prefix);
        await admin
          .locator('[data-testid=live-status][data-status=online]')
          .waitFor({ timeout: 15000 });
        await admin.evaluate(() => {
          window.__noReload = true;
        });
      }

      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/pelanggan`);
      await staff.click('[data-testid=import-customers]');
      await staff.locator('[data-testid=customer-import]').waitFor({ timeout: 10000 });
      assert(new URL(staff.url()).pathname === '/pelanggan/impor', `Impor opened ${staff.url()}`);

      // The template to fill in, with the columns the import reads.
      const [template] = await Promise.all([
        staff.waitForEvent('download', { timeout: 15000 }),
        staff.click('[data-testid=template-csv]'),
      ]);
      const header = (await readFile(await template.path(), 'utf8')).split(/\r?\n/)[0];
      assert(
        ['Nama', 'Telepon', 'Paket', 'Tunggakan'].every((c) => header.includes(c)),
        `template header: ${header}`,
      );
      assert(
        /\.csv$/.test(template.suggestedFilename()),
        `template saved as ${template.suggestedFilename()}`,
      );

      // A file that is no spreadsheet is refused before anything is sent.
      await staff.setInputFiles('#f-file', {
        name: 'pelanggan.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Nama\nBudi\n'),
      });
      assert(
        /Excel \(\.xlsx\) atau CSV \(\.csv\)/.test(await fieldError(staff, 'file')),
        'a .txt file must be refused next to the file field',
      );

      // Row 3 (as the spreadsheet counts, the header being row 1) has a bad phone number.
      const summary = await checkFile(staff, customersFile(prefix, packageName, '12345'));
      assert(summary === '3 baris, 2 valid, 1 bermasalah', `summary of the bad file: "${summary}"`);
      const error = staff.locator(
        '[data-testid=import-errors] tr[data-row="3"][data-column="Telepon"]',
      );
      assert((await error.count()) === 1, 'the error list names row 3, column Telepon');
      const errorText = await error.textContent();
      assert(/3/.test(errorText) && /Telepon/.test(errorText), `error row: "${errorText}"`);
      const badCell = staff.locator(
        '[data-testid=import-error-rows] tr[data-row="3"] td[data-column="Telepon"]',
      );
      assert((await badCell.getAttribute('data-bad')) === 'true', 'the Telepon cell is marked');
      assert(/12345/.test(await badCell.textContent()), 'the bad cell shows what the file holds');
      assert(
        (await staff
          .locator('[data-testid=import-error-rows] tr[data-row="3"] td[data-column="Nama"]')
          .getAttribute('data-bad')) === null,
        'the Nama cell of row 3 is fine and not marked',
      );
      assert(
        (await staff.locator('[data-testid=import-submit]').count()) === 0,
        'a file with errors cannot be imported',
      );
      await w.screenshot(staff, 'staff-desktop-import-errors');
      assert(
        (await customersNamed(w, staffToken, prefix)).length === 0,
        'the check imported customers',
      );

      // The fixed file: back to the check, which passes and offers the new package.
      await staff.setInputFiles('#f-file', customersFile(prefix, packageName, '081234500002'));
      assert(
        (await staff.locator('[data-testid=import-report]').count()) === 0,
        'a new file must clear the old report',
      );
      await staff.click('[data-testid=import-check]');
      await eventually(
        async () =>
          (await staff.locator('[data-testid=import-summary]').textContent()) ===
          '3 baris, 3 valid, 0 bermasalah',
        'the fixed file checks clean',
      );
      assert(
        await staff.locator('[data-testid=create-packages]').isChecked(),
        'creating the new package is offered, ticked',
      );
      assert(
        (await staff.locator('[data-testid=new-packages]').textContent()).includes(packageName),
        'the new package is listed',
      );
      const submit = staff.locator('[data-testid=import-submit]');
      assert(
        (await submit.textContent()).trim() === 'Impor 3 pelanggan',
        `import button: "${await submit.textContent()}"`,
      );
      await w.screenshot(staff, 'staff-desktop-import-ready');
      await submit.click();

      // Back on the list, which shows them, with what was made.
      await staff.waitForURL((url) => url.pathname === '/pelanggan', { timeout: 60000 });
      const toast = staff.locator('.toast.ok', { hasText: 'pelanggan diimpor' });
      await toast.waitFor({ timeout: 10000 });
      const done = (await toast.textContent()).trim();
      assert(
        done === '3 pelanggan diimpor, 1 tagihan tunggakan dibuat, 1 paket baru dibuat',
        `import result: "${done}"`,
      );
      await staff.fill('input[type=search]', prefix);
      for (const name of ['Andi', 'Bayu', 'Citra']) {
        await staff
          .locator(`[data-testid=customers-table] >> text=${prefix} ${name}`)
          .waitFor({ timeout: 10000 });
      }
      await w.screenshot(staff, 'staff-desktop-pelanggan-imported');

      const imported = await customersNamed(w, staffToken, prefix);
      assert(imported.length === 3, `${imported.length} customers imported`);
      const andi = imported.find((c) => c.name === `${prefix} Andi`);
      const bills = await w.api('GET', `/api/transactions?customer_id=${andi.id}&limit=10`, {
        token: staffToken,
      });
      assert(
        bills.json?.items?.length === 1 && bills.json.items[0].period === previousPeriod(),
        `Andi's arrears bill: ${bills.text}`,
      );

      if (admin) {
        for (const name of ['Andi', 'Bayu', 'Citra']) {
          await admin
            .locator(`[data-testid=customers-table] >> text=${prefix} ${name}`)
            .waitFor({ timeout: 15000 });
        }
        assert(
          await admin.evaluate(() => window.__noReload === true),
          'the admin page was reloaded',
        );
      }
    },
  },
  {
    name: 'the import page works on a phone and shows the bad cells',
    async run(w) {
      const phone = await w.login(await w.context('staff-phone', PHONE), 'staff', 'staff123');
      await phone.goto(`${w.baseUrl}/pelanggan`);
      await phone.click('[data-testid=import-customers]');
      const prefix = unique('Hp');
      const summary = await checkFile(phone, customersFile(prefix, `Paket ${prefix}`, '0812'));
      assert(summary === '3 baris, 2 valid, 1 bermasalah', `summary on the phone: "${summary}"`);
      const badCell = phone.locator(
        '[data-testid=import-error-rows] tr[data-row="3"] td[data-column="Telepon"][data-bad=true]',
      );
      assert(await badCell.isVisible(), 'the bad cell is visible on a phone');
      await w.screenshot(phone, 'staff-phone-import-errors');
    },
  },
  {
    name: 'the customer and transaction lists export with their filters; only admins get the PPPoE passwords',
    needs: ['exports', 'transactions'],
    async run(w) {
      const staffToken = await w.token('staff', 'staff123');
      const prefix = unique('Ekspor');
      const first = await w.internetCustomer(staffToken, { name: `${prefix} Dewi` });
      await w.internetCustomer(staffToken, { name: `${prefix} Eko` });
      const other = await w.internetCustomer(staffToken, { name: unique('Lain ') });
      await w.create(
        '/api/transactions',
        { customer_id: first.id, period: currentPeriod(), amount: 150000 },
        staffToken,
      );

      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/pelanggan`);
      await admin.fill('input[type=search]', `${prefix} Dewi`);
      await admin
        .locator(`[data-testid=customers-table] tr[data-id="${first.id}"]`)
        .waitFor({ timeout: 10000 });
      const withPasswords = await exportFile(admin, 'export-customers', 'csv', {
        passwords: true,
      });
      const text = withPasswords.bytes.toString('utf8');
      assert(/\.csv$/.test(withPasswords.name), `CSV export saved as ${withPasswords.name}`);
      assert(text.includes(`${prefix} Dewi`), 'the export holds the customer the filter shows');
      assert(!text.includes(`${prefix} Eko`), 'the export follows the search filter');
      assert(!text.includes(other.name), 'the export holds only what the filter matches');
      assert(text.includes('rahasia-88'), 'the admin asked for the PPPoE passwords');
      const excel = await exportFile(admin, 'export-customers', 'xlsx');
      assert(/\.xlsx$/.test(excel.name), `Excel export saved as ${excel.name}`);
      assert(excel.bytes.subarray(0, 2).toString() === 'PK', 'the Excel export is an xlsx file');

      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/pelanggan`);
      await staff.fill('input[type=search]', prefix);
      await staff
        .locator(`[data-testid=customers-table] tr[data-id="${first.id}"]`)
        .waitFor({ timeout: 10000 });
      await staff.click('[data-testid=export-customers]');
      assert(
        (await staff.locator('[data-testid=export-with-passwords]').count()) === 0,
        'staff are not offered the PPPoE passwords',
      );
      await staff.keyboard.press('Escape');
      const plain = (await exportFile(staff, 'export-customers', 'csv')).bytes.toString('utf8');
      assert(
        plain.includes(`${prefix} Dewi`) && plain.includes(`${prefix} Eko`),
        'both customers exported',
      );
      assert(!plain.includes('rahasia-88'), 'a staff export carries no PPPoE password');
      const refused = await w.api('GET', '/api/customers/export?format=csv&with_passwords=true', {
        token: staffToken,
      });
      assert(refused.status === 403, `staff export with passwords answered ${refused.status}`);

      await staff.goto(`${w.baseUrl}/transaksi`);
      await staff.fill('input[type=search]', `${prefix} Dewi`);
      await staff
        .locator(`[data-testid=transactions-table] >> text=${prefix} Dewi`)
        .first()
        .waitFor({ timeout: 10000 });
      const bills = (await exportFile(staff, 'export-transactions', 'csv')).bytes.toString('utf8');
      assert(bills.includes(`${prefix} Dewi`), 'the transaction export holds the filtered bill');
      assert(!bills.includes(other.name), 'the transaction export follows the filter');
    },
  },
];
