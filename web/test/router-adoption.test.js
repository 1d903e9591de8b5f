// Adopting a router's PPP secrets: which secrets may be ticked, the request body with the new
// packages' prices, and the server's errors mapped back to the usernames they are about.
import { describe, expect, it } from 'vitest';
import {
  adoptBody,
  adoptResultText,
  adoptionCounts,
  adoptionErrors,
  adoptionPagePath,
  adoptionRows,
  adoptionSummary,
  canTick,
  errorsByUsername,
  filterRows,
  newPackageProfiles,
  phoneChange,
  priceErrors,
  rowState,
  selectedRows,
  tickReady,
} from '../src/lib/router-adoption.js';

// GET /api/network/routers/:id/adoptable items.
const item = (username, fields = {}) => ({
  username,
  profile: 'paket-10M',
  comment: '',
  disabled: false,
  linked_customer_id: null,
  name: username,
  package_id: 4,
  package_name: 'Paket 10M',
  new_package: false,
  problem: null,
  ...fields,
});

const ITEMS = [
  item('andi', { comment: 'Andi Wijaya', name: 'Andi Wijaya' }),
  item('budi', {
    profile: 'paket-20M',
    package_id: null,
    package_name: 'paket-20M',
    new_package: true,
  }),
  item('citra', {
    profile: 'hemat',
    package_id: null,
    package_name: 'hemat',
    new_package: true,
    disabled: true,
  }),
  item('dewi', { linked_customer_id: 17, comment: 'billing:17' }),
  item('eko', { problem: 'Username PPPoE sudah dipakai pelanggan lain' }),
];

const rowsWith = (phones) =>
  adoptionRows(ITEMS).map((row) => {
    if (!(row.username in phones)) return row;
    const patched = { ...row, ...phoneChange(row, phones[row.username]) };
    return patched;
  });

describe('rowState and canTick', () => {
  it('lets a secret be ticked without a phone (filled in later), never one that is ours', () => {
    const rows = adoptionRows(ITEMS);
    expect(rows.map((r) => rowState(r))).toEqual([
      'noPhone',
      'noPhone',
      'noPhone',
      'linked',
      'problem',
    ]);
    expect(rows.map((r) => canTick(r))).toEqual([true, true, true, false, true]);
    expect(rows.some((r) => r.checked)).toBe(false);
    const typed = rowsWith({ andi: '0812 3456 7890', budi: '12345', dewi: '081200000000' });
    expect(typed.map((r) => rowState(r))).toEqual([
      'ready',
      'badPhone',
      'noPhone',
      'linked',
      'problem',
    ]);
    expect(typed.map((r) => canTick(r))).toEqual([true, false, true, false, true]);
  });

  it('leaves a secret with a problem for staff to tick by hand', () => {
    const [eko] = rowsWith({ eko: '081299990000' }).filter((r) => r.username === 'eko');
    expect(rowState(eko)).toBe('problem');
    expect(canTick(eko)).toBe(true);
    expect(eko.checked).toBe(false);
  });

  it('does not tick a secret adopted a moment ago that the router has not marked yet', () => {
    const [andi] = rowsWith({ andi: '081234567890' });
    expect(rowState(andi, new Set(['andi']))).toBe('linking');
    expect(canTick(andi, new Set(['andi']))).toBe(false);
    expect(selectedRows([andi], new Set(['andi']))).toEqual([]);
  });
});

describe('phoneChange', () => {
  it('ticks a row when its phone becomes valid and unticks it while the phone is no number', () => {
    const [andi] = adoptionRows(ITEMS);
    const typed = { ...andi, ...phoneChange(andi, '0812345678901') };
    expect(typed.checked).toBe(true);
    const unticked = { ...typed, checked: false };
    expect(phoneChange(unticked, '081234567890').checked).toBe(false);
    expect(phoneChange(typed, '0812').checked).toBe(false);
    // Emptied again: the number is left for later, staff's tick stays.
    expect(phoneChange(typed, '').checked).toBe(true);
    expect(phoneChange(unticked, '').checked).toBe(false);
  });
});

describe('tickReady ("Pilih semua yang siap")', () => {
  it('ticks the rows with a valid phone or none yet, leaving bad phones and problems', () => {
    const rows = rowsWith({ andi: '081234567890', budi: '0857', eko: '081299990000' }).map((r) => ({
      ...r,
      checked: false,
    }));
    expect(tickReady(rows)).toBe(2);
    expect(selectedRows(rows).map((r) => r.username)).toEqual(['andi', 'citra']);
    expect(rows.find((r) => r.username === 'eko').checked).toBe(false);
    expect(rows.find((r) => r.username === 'budi').checked).toBe(false);
  });
});

describe('adoptionRows after a reload', () => {
  it('keeps typed phones, edited names and ticks, and drops them once the secret is ours', () => {
    const before = rowsWith({ andi: '081234567890', budi: '085712345678' });
    before[1].name = 'Budi Santoso';
    const reloaded = adoptionRows(
      [item('andi', { linked_customer_id: 31, comment: 'billing:31' }), ...ITEMS.slice(1)],
      before,
    );
    const andi = reloaded.find((r) => r.username === 'andi');
    const budi = reloaded.find((r) => r.username === 'budi');
    expect(andi).toMatchObject({ phone: '', checked: false, linked_customer_id: 31 });
    expect(budi).toMatchObject({ phone: '085712345678', checked: true, name: 'Budi Santoso' });
  });

  it('follows a new comment on the router unless staff changed the name', () => {
    const before = adoptionRows(ITEMS);
    const after = adoptionRows([item('andi', { name: 'Andi W.' })], before);
    expect(after[0].name).toBe('Andi W.');
  });
});

describe('counts and filters', () => {
  const rows = rowsWith({ andi: '081234567890', eko: '081299990000' });

  it('counts the secrets by where they stand', () => {
    expect(adoptionCounts(rows)).toEqual({
      total: 5,
      linked: 1,
      ready: 1,
      noPhone: 2,
      problem: 1,
      selected: 1,
    });
  });

  it('narrows the list by view and by words in username, name and profile', () => {
    const names = (list) => list.map((r) => r.username);
    expect(names(filterRows(rows, { show: 'open' }))).toEqual(['andi', 'budi', 'citra', 'eko']);
    expect(names(filterRows(rows, { show: 'linked' }))).toEqual(['dewi']);
    expect(names(filterRows(rows, { show: 'selected' }))).toEqual(['andi']);
    expect(names(filterRows(rows, { show: 'noPhone' }))).toEqual(['budi', 'citra']);
    expect(names(filterRows(rows, { show: 'problem' }))).toEqual(['eko']);
    expect(names(filterRows(rows, { query: 'WIJAYA' }))).toEqual(['andi']);
    expect(names(filterRows(rows, { query: 'paket-20 bud' }))).toEqual(['budi']);
  });
});

describe('the request body', () => {
  const profiles = [
    { name: 'paket-10M', rate_limit: '10M/10M', package_id: 4 },
    { name: 'paket-20M', rate_limit: '20M/20M', package_id: null },
    { name: 'hemat', rate_limit: '5M/5M', package_id: null },
  ];
  const rows = rowsWith({
    andi: '0812 3456 7890',
    budi: '085712345678',
    citra: '081311112222',
  });
  rows[1].name = '  ';
  const selected = selectedRows(rows);

  it('asks a price for each profile without a package among the ticked secrets, once', () => {
    const twice = [...selected, { ...selected[1], username: 'budi2' }];
    expect(newPackageProfiles(twice, profiles)).toEqual([
      { profile: 'paket-20M', rateLimit: '20M/20M' },
      { profile: 'hemat', rateLimit: '5M/5M' },
    ]);
    expect(newPackageProfiles(selected.slice(0, 1), profiles)).toEqual([]);
  });

  it('wants every new package priced in whole Rupiah', () => {
    const wanted = newPackageProfiles(selected, profiles);
    expect(priceErrors(wanted, { 'paket-20M': '200.000', hemat: '' })).toEqual({
      hemat: 'Wajib diisi',
    });
    expect(priceErrors(wanted, { 'paket-20M': '12,5', hemat: '0' })).toEqual({
      'paket-20M': 'Isi angka rupiah tanpa koma, contoh 150000 atau 150.000',
      hemat: 'Minimal 1',
    });
    expect(priceErrors(wanted, { 'paket-20M': 'Rp 200.000', hemat: '100000' })).toEqual({});
  });

  it('sends the ticked secrets with phone and name, and the prices as numbers', () => {
    const wanted = newPackageProfiles(selected, profiles);
    const prices = { 'paket-20M': 'Rp 200.000', hemat: '100000', 'paket-10M': '1' };
    expect(adoptBody(selected, wanted, prices, { dryRun: true })).toEqual({
      items: [
        { username: 'andi', name: 'Andi Wijaya', phone: '0812 3456 7890' },
        { username: 'budi', phone: '085712345678' },
        { username: 'citra', name: 'citra', phone: '081311112222' },
      ],
      package_prices: { 'paket-20M': 200000, hemat: 100000 },
      dry_run: true,
    });
    expect(adoptBody(selected, wanted, prices)).not.toHaveProperty('dry_run');
  });
});

describe("the server's check", () => {
  const items = [{ username: 'andi' }, { username: 'budi' }, { username: 'citra' }];
  const report = {
    rows: 3,
    valid: 1,
    errors: [
      { row: 1, column: 'Telepon', message: 'Nomor HP tidak valid' },
      { row: 3, column: 'Username PPPoE', message: 'Secret ini tidak ada lagi di router' },
      { row: 3, column: '', message: 'Sama dengan baris 1' },
      { row: 9, column: 'Paket', message: '?' },
    ],
  };

  it('names each error by the username of the item it is about', () => {
    expect(adoptionErrors(report, items).map((e) => e.username)).toEqual([
      'andi',
      'citra',
      'citra',
      '#9',
    ]);
    expect(errorsByUsername(report, items).get('citra')).toEqual([
      'Username PPPoE: Secret ini tidak ada lagi di router',
      'Sama dengan baris 1',
    ]);
    expect(errorsByUsername(null, items).size).toBe(0);
  });

  it('summarises the check and the result in Indonesian', () => {
    expect(adoptionSummary(report)).toBe('3 secret diperiksa, 1 valid, 2 bermasalah');
    expect(adoptResultText({ imported: 1200, bills: 0, packages_created: 2 })).toBe(
      '1.200 pelanggan diambil dari router, 2 paket baru dibuat',
    );
    expect(adoptResultText({ imported: 3, bills: 0, packages_created: 0 })).toBe(
      '3 pelanggan diambil dari router',
    );
  });

  it('opens under Jaringan', () => {
    expect(adoptionPagePath(7)).toBe('/jaringan/router/7/ambil');
  });
});
