-- Bills have lines (package, items, installation fee, discount, PPN) and messages may say the
-- discount and the PPN ({diskon}, {ppn}): the default internet bill gained the lines
-- "Diskon: {diskon}" and "PPN: {ppn}" before "Total:" (each left out when empty). A business
-- whose stored internet_bill is still the previous default word for word (saving the settings
-- page stores every template) gets the new default: the key is removed and the defaults fill it
-- in, as 0007 did. A template the owner edited, and every other kind, is kept as it is.
UPDATE billing.settings SET document = jsonb_set(document, '{templates}',
  (document -> 'templates') - 'internet_bill')
WHERE id = 1 AND jsonb_typeof(document -> 'templates') = 'object'
  AND document -> 'templates' ->> 'internet_bill' = E'Halo {nama},\n\nBerikut tagihan internet Anda.\nNo. Invoice: {no_invoice}\nLayanan: {paket}\nPeriode: {periode}\nTotal: {total}\nJatuh tempo: {jatuh_tempo}\n\nUsername PPPoE: {username}\nPassword: {password}\n\nPembayaran dapat ditransfer ke {rekening}\nBayar online / cek tagihan: {link_bayar}\n\nTerima kasih,\n{nama_usaha}';
