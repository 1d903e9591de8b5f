// Every text of the gas shop's back end (products, stock, the LPG buyer log), in Bahasa
// Indonesia. Kept apart from messages.h so that the shop's texts are found together.
#pragma once

namespace billing::i18n {

inline constexpr const char* kProductNotFound = "Produk tidak ditemukan";
inline constexpr const char* kProductNameExists = "Nama produk sudah dipakai";
inline constexpr const char* kProductKindInvalid =
    "Jenis produk harus salah satu dari: LPG 3 kg, LPG 5,5 kg, LPG 12 kg, Bright Gas, lainnya";
inline constexpr const char* kProductPriceInvalid = "Harga tidak boleh negatif";
inline constexpr const char* kProductLowStockInvalid = "Batas stok menipis harus 0 sampai 100.000";
inline constexpr const char* kProductInUse =
    "Produk sudah punya riwayat stok atau penjualan, jadi tidak bisa dihapus; nonaktifkan saja";
inline constexpr const char* kProductUnavailable = "Produk tidak ada atau sudah tidak dijual";
inline constexpr const char* kProductNoCylinderPrice =
    "Produk ini tidak dijual dengan tabung baru (harga tabung belum diisi)";
inline constexpr const char* kNewCylinderNeedsProduct =
    "Tabung baru hanya untuk produk dari daftar";
inline constexpr const char* kProductNoStock = "Stok produk ini tidak dihitung";
inline constexpr const char* kCylinderLinePrefix = "Tabung ";
inline constexpr const char* kCustomerIdRequired = "Pilih pelanggan";

// "Stok LPG 3 kg tidak cukup: tinggal 3 tabung isi"
inline constexpr const char* kStockNotEnoughFull =
    "Stok {produk} tidak cukup: tinggal {isi} tabung isi";
inline constexpr const char* kStockNotEnough =
    "Stok {produk} tidak cukup: tinggal {isi} tabung isi dan {kosong} tabung kosong";
inline constexpr const char* kStockCancelNoEmpty =
    "Penjualan tidak bisa dihapus: stok tabung kosong {produk} tinggal {kosong}, kurang dari "
    "yang harus dikembalikan";

inline constexpr const char* kMovementKindInvalid =
    "Jenis pergerakan harus pengiriman, pengembalian atau koreksi";
inline constexpr const char* kMovementKindFilterInvalid = "Jenis pergerakan tidak dikenal";
inline constexpr const char* kCorrectionAdminOnly = "Koreksi stok hanya untuk admin";
inline constexpr const char* kDeliveryFullRequired =
    "Jumlah tabung isi yang datang harus lebih dari 0";
inline constexpr const char* kDeliveryEmptyOut =
    "Tabung kosong yang dikembalikan ke agen ditulis 0 atau negatif";
inline constexpr const char* kReturnCounts =
    "Tabung yang dikembalikan tidak boleh negatif dan minimal satu harus lebih dari 0";
inline constexpr const char* kCorrectionZero = "Isi perubahan tabung isi atau tabung kosong";
inline constexpr const char* kCorrectionNoteRequired = "Alasan koreksi wajib diisi";
inline constexpr const char* kDeltaTooLarge = "Jumlah tabung terlalu besar (maksimal 100.000)";
inline constexpr const char* kUnitPriceNotAllowed = "Harga satuan hanya untuk pengiriman";

inline constexpr const char* kMonthInvalid = "Bulan harus berformat TTTT-BB";
inline constexpr const char* kReportRangeTooLong = "Rentang laporan paling lama 366 hari";
inline constexpr const char* kReportRangeReversed =
    "Tanggal akhir tidak boleh sebelum tanggal awal";

inline constexpr const char* kSummaryProductCreated = "Menambah produk {produk}";
inline constexpr const char* kSummaryProductUpdated = "Mengubah produk {produk}";
inline constexpr const char* kSummaryProductDeleted = "Menghapus produk {produk}";
inline constexpr const char* kSummarySpecialPriceSet =
    "Harga khusus {produk} untuk pelanggan #{pelanggan}: {harga}";
inline constexpr const char* kSummarySpecialPriceRemoved =
    "Menghapus harga khusus {produk} untuk pelanggan #{pelanggan}";
inline constexpr const char* kSummaryStockMoved =
    "Stok {produk} ({jenis}): isi {isi}, kosong {kosong}";
inline constexpr const char* kSummaryGasDeliveryExpense =
    "Pengeluaran pembelian gas {produk}: {jumlah}";
inline constexpr const char* kGasDeliveryNote = "Pengiriman {produk} dari agen: {jumlah} tabung";

}  // namespace billing::i18n
