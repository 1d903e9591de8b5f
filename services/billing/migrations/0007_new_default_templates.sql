-- The default message templates changed (issue 17): every value that may be empty has a line of
-- its own, which the renderer leaves out when empty, and the bills' invoice numbers and lines
-- are in them. A business whose stored settings still hold an old default text word for word
-- (saving the settings page stores them all) gets the new default: the key is removed and the
-- defaults fill it in. A template the owner edited is kept as it is.
UPDATE billing.settings SET document = jsonb_set(document, '{templates}',
  (document -> 'templates') - ARRAY(
    SELECT old.kind FROM (VALUES
      ('internet_bill', E'Halo {nama},\n\nTagihan internet {paket} periode {periode} sebesar {total} jatuh tempo {jatuh_tempo}.\nUsername PPPoE: {username}\nPassword: {password}\n\nPembayaran: {rekening}\nBayar online / cek tagihan: {link_bayar}\n\nTerima kasih,\n{nama_usaha}'),
      ('gas_invoice', E'Halo {nama},\n\nFaktur penjualan gas sebesar {total}, jatuh tempo {jatuh_tempo}.\nPembayaran: {rekening}\n\nTerima kasih,\n{nama_usaha}'),
      ('reminder', E'Halo {nama},\n\nKami mengingatkan tunggakan Anda sebesar {tunggakan}. Mohon segera melakukan pembayaran ke {rekening}.\nBayar online / cek tagihan: {link_bayar}\n\nTerima kasih,\n{nama_usaha}'),
      ('receipt', E'Halo {nama},\n\nPembayaran {total} untuk periode {periode} sudah kami terima. Terima kasih!\n\n{nama_usaha}'),
      ('isolir', E'Yth. {nama}, layanan internet Anda ({username}) kami isolir karena tagihan belum dibayar. Alasan: {alasan}. Silakan lakukan pembayaran agar layanan aktif kembali. Terima kasih. - {nama_usaha}'),
      ('reconnect', E'Yth. {nama}, layanan internet Anda ({username}) sudah aktif kembali. Keterangan: {alasan}. Terima kasih. - {nama_usaha}')
    ) AS old(kind, text)
    WHERE document -> 'templates' ->> old.kind = old.text))
WHERE id = 1 AND jsonb_typeof(document -> 'templates') = 'object';
