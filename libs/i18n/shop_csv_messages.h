// The column headers of the gas shop's CSV downloads (gateway/routes/shop_routes.cc): the daily
// stock report and the LPG 3 kg buyer log, laid out as Pertamina's logbook asks for them.
#pragma once

namespace billing::i18n {

// The daily stock report (Laporan stok harian).
inline constexpr const char* kCsvStockDate = "Tanggal";
inline constexpr const char* kCsvStockProduct = "Produk";
inline constexpr const char* kCsvFullOpening = "Isi Awal";
inline constexpr const char* kCsvFullIn = "Isi Masuk";
inline constexpr const char* kCsvFullOut = "Isi Keluar";
inline constexpr const char* kCsvFullClosing = "Isi Akhir";
inline constexpr const char* kCsvEmptyOpening = "Kosong Awal";
inline constexpr const char* kCsvEmptyIn = "Kosong Masuk";
inline constexpr const char* kCsvEmptyOut = "Kosong Keluar";
inline constexpr const char* kCsvEmptyClosing = "Kosong Akhir";

// The buyer log (Buku LPG 3 kg): one row per sale, then each NIK's month total.
inline constexpr const char* kCsvBuyerDate = "Tanggal";
inline constexpr const char* kCsvBuyerTime = "Jam";
inline constexpr const char* kCsvBuyerNik = "NIK";
inline constexpr const char* kCsvBuyerName = "Nama";
inline constexpr const char* kCsvBuyerProduct = "Produk";
inline constexpr const char* kCsvBuyerQty = "Jumlah";
inline constexpr const char* kCsvBuyerInvoice = "No. Invoice";
inline constexpr const char* kCsvBuyerTotals = "Total per NIK";
inline constexpr const char* kCsvBuyerDays = "Hari Beli";
inline constexpr const char* kCsvBuyerOverLimit = "Melebihi Batas";
inline constexpr const char* kCsvBuyerLimit = "Batas per Bulan";
inline constexpr const char* kCsvYes = "Ya";
inline constexpr const char* kCsvNo = "Tidak";

}  // namespace billing::i18n
