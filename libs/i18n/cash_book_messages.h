// Every text of the cash book (Kas) and the profit report's back end, in Bahasa Indonesia.
// Kept apart from messages.h so that the cash book's texts are found (and translated) together.
#pragma once

namespace billing::i18n {

inline constexpr const char* kCashInvalidKind = "Jenis harus expense (pengeluaran) atau income";
inline constexpr const char* kCashCategoryNotFound = "Kategori kas tidak ditemukan";
inline constexpr const char* kCashCategoryInactive = "Kategori ini sudah tidak aktif";
inline constexpr const char* kCashCategoryKindMismatch =
    "Kategori ini bukan untuk jenis yang dipilih";
inline constexpr const char* kCashCategoryNameTooLong = "Nama kategori maksimal 60 karakter";
inline constexpr const char* kCashCategoryExists = "Kategori dengan nama ini sudah ada";
inline constexpr const char* kCashCategoryKindFixed = "Jenis kategori tidak dapat diubah";
inline constexpr const char* kCashGasPurchaseStaysActive =
    "Kategori Pembelian gas dipakai pengiriman gas dan tidak dapat dinonaktifkan";
inline constexpr const char* kCashAmountInvalid = "Jumlah harus antara 1 dan 1.000.000.000.000";
inline constexpr const char* kCashDateTooFar = "Tanggal tidak boleh lebih dari besok";
inline constexpr const char* kCashNoteTooLong = "Catatan maksimal 500 karakter";
inline constexpr const char* kCashEntryNotFound = "Catatan kas tidak ditemukan";
inline constexpr const char* kCashPhotoNotFound = "Catatan kas ini tidak memiliki foto";
inline constexpr const char* kCashPhotoTooLarge = "Foto maksimal 512 KB";
inline constexpr const char* kCashPhotoNotImage = "Foto harus berupa gambar JPEG, PNG atau WebP";
inline constexpr const char* kCashPhotoTypeMismatch = "Jenis foto tidak sesuai dengan isinya";
inline constexpr const char* kCashMovementEntryReadOnly =
    "Catatan ini berasal dari pengiriman gas dan hanya dapat diubah lewat stok gas";
inline constexpr const char* kCashPhotoNotBase64 = "Foto harus dikirim sebagai base64";
inline constexpr const char* kCashInvalidRange =
    "Periode awal harus sebelum periode akhir (maksimal 24 bulan)";
inline constexpr const char* kSummaryCashEntryCreated = "Mencatat kas #{id}: {kategori} {jumlah}";
inline constexpr const char* kSummaryCashEntryUpdated = "Mengubah catatan kas #{id}";
inline constexpr const char* kSummaryCashEntryDeleted = "Menghapus catatan kas #{id}: {kategori}";
inline constexpr const char* kSummaryCashCategoryCreated = "Membuat kategori kas {nama}";
inline constexpr const char* kSummaryCashCategoryUpdated = "Mengubah kategori kas {nama}";

// Column headers of the profit report's CSV.
inline constexpr const char* kCsvProfitPeriod = "Periode";
inline constexpr const char* kCsvProfitInternet = "Internet";
inline constexpr const char* kCsvProfitGas = "Gas";
inline constexpr const char* kCsvProfitOtherIncome = "Pendapatan lain";
inline constexpr const char* kCsvProfitIncome = "Total pendapatan";
inline constexpr const char* kCsvProfitExpense = "Total pengeluaran";
inline constexpr const char* kCsvProfitProfit = "Laba";

}  // namespace billing::i18n
