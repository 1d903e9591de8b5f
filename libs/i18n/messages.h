// Every text a staff member can see from the back end, in Bahasa Indonesia, in one place.
// An English build swaps this file; code refers to the constants only.
#pragma once

namespace billing::i18n {

// Generic
inline constexpr const char* kServiceUnavailable =
    "Layanan sedang tidak tersedia, coba lagi sebentar";
inline constexpr const char* kInternalError = "Terjadi kesalahan pada server. Kode kejadian: ";
inline constexpr const char* kValidationFailed = "Data tidak valid, periksa isian yang ditandai";
inline constexpr const char* kFieldRequired = "Wajib diisi";
inline constexpr const char* kWrongType = "Tipe data salah";
inline constexpr const char* kInvalidJson = "Format JSON tidak valid";
inline constexpr const char* kJsonObjectExpected = "Data harus berupa objek JSON";
inline constexpr const char* kInvalidUtf8 = "Teks harus UTF-8 yang valid";
inline constexpr const char* kBodyTooLarge = "Data yang dikirim terlalu besar";
inline constexpr const char* kRouteNotFound = "Alamat tidak ditemukan";
inline constexpr const char* kMethodNotAllowed = "Metode tidak diizinkan untuk alamat ini";
inline constexpr const char* kInvalidId = "ID tidak valid";
inline constexpr const char* kInvalidPaging = "limit harus 1-500 dan offset tidak boleh negatif";

// Sessions and roles
inline constexpr const char* kLoginRequired = "Silakan login terlebih dahulu";
inline constexpr const char* kSessionInvalid =
    "Sesi tidak valid atau sudah berakhir, silakan login kembali";
inline constexpr const char* kAdminOnly = "Hanya admin yang boleh melakukan ini";
inline constexpr const char* kServiceOnly = "Hanya layanan internal yang boleh melakukan ini";
inline constexpr const char* kWrongCredentials = "Username atau password salah";
inline constexpr const char* kAccountInactive = "Akun ini dinonaktifkan. Hubungi admin.";
inline constexpr const char* kTooManyAttempts =
    "Terlalu banyak percobaan login gagal. Coba lagi nanti.";

// Users
inline constexpr const char* kUserNotFound = "User tidak ditemukan";
inline constexpr const char* kUsernameTaken = "Username sudah dipakai";
inline constexpr const char* kInvalidUsername =
    "Username 3-32 karakter: huruf, angka, titik, garis bawah atau strip";
inline constexpr const char* kInvalidRole = "Role harus admin atau staff";
inline constexpr const char* kFullNameTooLong = "Nama maksimal 100 karakter";
inline constexpr const char* kPasswordTooShort = "Password minimal 8 karakter";
inline constexpr const char* kPasswordTooLong = "Password maksimal 128 karakter";
inline constexpr const char* kOldPasswordWrong = "Password lama salah";
inline constexpr const char* kPasswordUnchanged = "Password baru harus berbeda dari yang lama";
inline constexpr const char* kLastAdmin = "Harus tetap ada minimal satu admin aktif";
inline constexpr const char* kCannotDeleteSelf = "Tidak bisa menghapus akun sendiri";

// Billing: transactions, payments, reports, settings
inline constexpr const char* kTextTooLong = "Teks terlalu panjang";
inline constexpr const char* kInvalidUrl = "Alamat harus diawali http:// atau https://";
inline constexpr const char* kOutOfRange = "Nilai di luar batas yang diizinkan";
inline constexpr const char* kInvalidChoice = "Pilihan tidak dikenal";
inline constexpr const char* kInvalidInvoicePattern =
    "Pola nomor invoice hanya boleh berisi huruf, angka, tanda baca tanpa spasi, {YYYY}, {YY}, "
    "{MM} dan tepat satu {SEQ} atau {SEQ:4}";
inline constexpr const char* kDefaultReceiptFooter = "Terima kasih atas pembayaran Anda";
inline constexpr const char* kInvalidTimeZone =
    "Zona waktu harus Asia/Jakarta, Asia/Pontianak, Asia/Makassar atau Asia/Jayapura";
inline constexpr const char* kUnknownPlaceholder = "Template memakai isian {…} yang tidak dikenal";
inline constexpr const char* kUnknownKey = "Pengaturan ini tidak dikenal";
inline constexpr const char* kUnknownField = "Isian ini tidak dikenal";
inline constexpr const char* kTooManyItems = "Terlalu banyak baris";
inline constexpr const char* kInvalidPeriod = "Periode harus berformat TTTT-BB, misalnya 2026-01";
inline constexpr const char* kInvalidDate = "Tanggal harus berformat TTTT-BB-HH dan valid";
inline constexpr const char* kInvalidDateTime = "Waktu harus berformat TTTT-BB-HH atau RFC 3339";
inline constexpr const char* kFutureTime = "Waktu tidak boleh di masa depan";
inline constexpr const char* kAmountNegative = "Jumlah tidak boleh negatif";
inline constexpr const char* kAmountTooLarge = "Jumlah terlalu besar";
inline constexpr const char* kQuantityInvalid = "Jumlah barang harus 1 sampai 10.000";
inline constexpr const char* kItemsRequired = "Penjualan gas harus berisi minimal satu barang";
inline constexpr const char* kInvalidPaymentMethod = "Metode harus cash, transfer atau other";
inline constexpr const char* kInvalidStatusFilter = "Status harus unpaid atau paid";
inline constexpr const char* kInvalidTypeFilter = "Tipe harus internet atau gas";
inline constexpr const char* kInvalidRange =
    "Periode awal harus sebelum periode akhir (maksimal 10 tahun)";
inline constexpr const char* kCustomerNotFound = "Pelanggan tidak ditemukan";
inline constexpr const char* kTransactionNotFound = "Transaksi tidak ditemukan";
inline constexpr const char* kBillExists = "Tagihan pelanggan ini untuk periode tersebut sudah ada";
inline constexpr const char* kAlreadyPaid = "Transaksi ini sudah lunas";
inline constexpr const char* kPaidDeleteAdminOnly =
    "Transaksi yang sudah lunas hanya boleh dihapus admin";
inline constexpr const char* kInternetOnlyForBills =
    "Tagihan bulanan hanya untuk pelanggan internet";
inline constexpr const char* kSummaryTransactionCreated = "Membuat transaksi #";
inline constexpr const char* kSummaryTransactionPaid = "Menandai lunas transaksi #";
inline constexpr const char* kSummaryTransactionDeleted = "Menghapus transaksi #";
inline constexpr const char* kSummaryBillRun = "Membuat tagihan bulanan periode ";
inline constexpr const char* kSummarySettingsChanged = "Mengubah pengaturan: ";
inline constexpr const char* kSystemActor = "sistem";
inline constexpr const char* kInternetBillDescription = "Tagihan internet periode ";
inline constexpr const char* kGasSaleDescription = "Penjualan gas";

// Bill lines (services/billing/bill_lines.h) and their checks
inline constexpr const char* kLinePackage = "Paket internet";
inline constexpr const char* kLineInstallation = "Biaya pemasangan";
inline constexpr const char* kLineDiscount = "Diskon";
// "pro rata 11/30 hari": the days charged of the installation month.
inline constexpr const char* kLineProrataNote = "pro rata {hari}/{bulan} hari";
inline constexpr const char* kInvalidDiscountType = "Jenis diskon harus none, fixed atau percent";
inline constexpr const char* kDiscountPercentRange = "Diskon persen harus 1 sampai 100";
inline constexpr const char* kNikInvalid = "NIK harus 16 angka sesuai KTP";
inline constexpr const char* kDiscountValueForNone = "Tanpa diskon, nilainya harus 0";
inline constexpr const char* kInvalidTaxRate =
    "Tarif pajak harus lebih dari 0 sampai 100, paling banyak dua angka desimal";

// Reading a CSV file (imports); {baris} is the row number as the spreadsheet shows it.
inline constexpr const char* kCsvNotText =
    "Berkas ini bukan CSV: isinya bukan teks UTF-8. Simpan dari Excel sebagai \"CSV UTF-8\".";
inline constexpr const char* kCsvUnclosedQuote =
    "Berkas CSV rusak: tanda kutip yang dibuka di baris {baris} tidak pernah ditutup.";
inline constexpr const char* kCsvTextAfterQuote =
    "Berkas CSV rusak: di baris {baris} ada teks setelah tanda kutip penutup.";
inline constexpr const char* kCsvTooManyColumns = "Baris {baris} punya lebih dari {kolom} kolom.";
inline constexpr const char* kCsvTooManyRows = "Berkas berisi lebih dari {baris} baris.";
inline constexpr const char* kCsvCellTooLong =
    "Baris {baris}: isi satu sel lebih dari {batas} karakter.";

// Reading an .xlsx file (imports). Its row, column and cell limits use the kCsv* messages above.
inline constexpr const char* kXlsxNotXlsx =
    "Berkas ini bukan .xlsx yang valid. Simpan dari Excel atau LibreOffice sebagai "
    "\"Buku Kerja Excel (.xlsx)\".";
inline constexpr const char* kXlsxProtected =
    "Berkas ini dilindungi kata sandi atau berformat Excel lama (.xls), bukan .xlsx. Buka "
    "kuncinya lalu simpan sebagai \"Buku Kerja Excel (.xlsx)\".";
inline constexpr const char* kXlsxCorrupt =
    "Berkas .xlsx rusak: bagian {bagian} tidak bisa dibaca.";
inline constexpr const char* kXlsxTooBig =
    "Berkas .xlsx terlalu besar setelah dibuka: bagian {bagian} lebih dari {batas} "
    "(kemungkinan zip bomb).";
inline constexpr const char* kXlsxTooManyParts =
    "Berkas .xlsx berisi lebih dari {batas} bagian (kemungkinan bukan buku kerja Excel).";
inline constexpr const char* kXlsxElementTooBig =
    "Berkas .xlsx terlalu besar untuk dibaca: satu baris atau teks di bagian {bagian} lebih dari "
    "{batas}.";
inline constexpr const char* kXlsxTooManyStrings =
    "Berkas .xlsx berisi lebih dari {batas} teks berbeda. Salin lembar yang diimpor saja ke "
    "berkas baru.";
inline constexpr const char* kXlsxNoSheet = "Berkas .xlsx ini tidak berisi lembar kerja.";
inline constexpr const char* kXlsxNotText = "Baris {baris}: isi sel bukan teks UTF-8 yang valid.";

// CSV column headers (reports)
inline constexpr const char* kCsvPeriod = "Periode";
inline constexpr const char* kCsvInternet = "Internet";
inline constexpr const char* kCsvGas = "Gas";
inline constexpr const char* kCsvTotal = "Total";
inline constexpr const char* kCsvTax = "PPN";
inline constexpr const char* kCsvCustomerId = "ID Pelanggan";
inline constexpr const char* kCsvCustomerName = "Nama Pelanggan";
inline constexpr const char* kCsvCustomerType = "Tipe";
inline constexpr const char* kCsvPhone = "No. WhatsApp";
inline constexpr const char* kCsvBillsOwed = "Jumlah Tagihan";
inline constexpr const char* kCsvTotalOwed = "Total Tunggakan";
inline constexpr const char* kCsvOldestDue = "Jatuh Tempo Terlama";
inline constexpr const char* kCsvPeriods = "Periode Tertunggak";

// Default message templates (editable in Pengaturan)
// Every value that may be empty sits on a line of its own: such a line is left out when all its
// placeholders are empty, so no sentence is left dangling.
inline constexpr const char* kTemplateInternetBill =
    "Halo {nama},\n\nBerikut tagihan internet Anda.\nNo. Invoice: {no_invoice}\n"
    "Layanan: {paket}\nPeriode: {periode}\nDiskon: {diskon}\nPPN: {ppn}\nTotal: {total}\n"
    "Jatuh tempo: {jatuh_tempo}\n\n"
    "Username PPPoE: {username}\nPassword: {password}\n\n"
    "Pembayaran dapat ditransfer ke {rekening}\nBayar online / cek tagihan: {link_bayar}\n\n"
    "Terima kasih,\n{nama_usaha}";
inline constexpr const char* kTemplateGasInvoice =
    "Halo {nama},\n\nBerikut faktur pembelian gas Anda.\nNo. Invoice: {no_invoice}\n"
    "{rincian}\nTotal: {total}\nJatuh tempo: {jatuh_tempo}\n\n"
    "Pembayaran dapat ditransfer ke {rekening}\nBayar online / cek tagihan: {link_bayar}\n\n"
    "Terima kasih,\n{nama_usaha}";
inline constexpr const char* kTemplateReminder =
    "Halo {nama},\n\nKami mengingatkan tunggakan Anda sebesar {tunggakan}. Mohon segera "
    "melakukan pembayaran.\nNo. Invoice: {no_invoice}\n\n"
    "Pembayaran dapat ditransfer ke {rekening}\nBayar online / cek tagihan: {link_bayar}\n\n"
    "Abaikan pesan ini jika Anda sudah membayar. Terima kasih,\n{nama_usaha}";
inline constexpr const char* kTemplateReceipt =
    "Halo {nama},\n\nPembayaran sebesar {total} sudah kami terima.\nNo. Invoice: {no_invoice}\n"
    "{rincian}\n\nTerima kasih!\n{nama_usaha}";
// The line of {rincian} for an internet bill: "Internet <paket> <periode> = Rp 150.000".
inline constexpr const char* kBillLineInternet = "Internet";
// After a PPN that is already inside the prices: "PPN 11% (sudah termasuk) = Rp 16.500" in
// {rincian}, "Rp 16.500 (sudah termasuk)" as {ppn}.
inline constexpr const char* kBillLineTaxIncluded = "sudah termasuk";

// The customer spreadsheet (import template and export): column titles, words, messages
inline constexpr const char* kSheetName = "Nama";
inline constexpr const char* kSheetType = "Jenis";
inline constexpr const char* kSheetPhone = "Telepon";
inline constexpr const char* kSheetAddress = "Alamat";
inline constexpr const char* kSheetPackage = "Paket";
inline constexpr const char* kSheetPackagePrice = "Harga Paket";
inline constexpr const char* kSheetMonthlyFee = "Biaya Bulanan";
inline constexpr const char* kSheetPppoeUsername = "Username PPPoE";
inline constexpr const char* kSheetPppoePassword = "Password PPPoE";
inline constexpr const char* kSheetDueDay = "Tanggal Jatuh Tempo";
inline constexpr const char* kSheetStatus = "Status";
inline constexpr const char* kSheetNotes = "Catatan";
inline constexpr const char* kSheetInstalledAt = "Tanggal Pasang";
inline constexpr const char* kSheetGasPrice = "Harga Gas";
inline constexpr const char* kSheetArrears = "Tunggakan";
inline constexpr const char* kSheetStatusActive = "aktif";
inline constexpr const char* kSheetTransactionId = "ID Transaksi";
inline constexpr const char* kSheetInvoiceNo = "No. Invoice";
inline constexpr const char* kSheetDate = "Tanggal";
inline constexpr const char* kSheetDescription = "Keterangan";
inline constexpr const char* kSheetAmount = "Jumlah";
inline constexpr const char* kSheetSubtotal = "Subtotal";
inline constexpr const char* kSheetInstallationFee = "Biaya Pemasangan";
inline constexpr const char* kSheetDiscount = "Diskon";
inline constexpr const char* kSheetTax = "PPN";
inline constexpr const char* kSheetDueDate = "Jatuh Tempo";
inline constexpr const char* kSheetPaidAt = "Tanggal Bayar";
inline constexpr const char* kSheetPaidAmount = "Dibayar";
inline constexpr const char* kSheetMethod = "Metode";
inline constexpr const char* kSheetPaidBy = "Diterima Oleh";
inline constexpr const char* kSheetCreatedBy = "Dibuat Oleh";
inline constexpr const char* kSheetPaid = "lunas";
inline constexpr const char* kSheetUnpaid = "belum bayar";
inline constexpr const char* kSheetStatusIsolated = "isolir";
inline constexpr const char* kSheetStatusInactive = "nonaktif";
inline constexpr const char* kSheetEmpty =
    "Berkas tidak berisi data: baris pertama harus judul kolom, lalu satu baris per pelanggan.";
inline constexpr const char* kSheetNoName =
    "Kolom \"Nama\" tidak ada di baris pertama. Unduh templat untuk melihat kolom yang dipakai.";
inline constexpr const char* kSheetColumnTwice = "Kolom \"{kolom}\" ada dua kali di baris pertama.";
inline constexpr const char* kSheetNotRupiah = "Harus angka Rupiah, contoh 150000";
inline constexpr const char* kSheetNotDate = "Tanggal harus seperti 2026-01-31 atau 31/01/2026";
inline constexpr const char* kSheetNotSpreadsheet =
    "Berkas harus .xlsx (Excel) atau .csv (UTF-8, dipisah koma atau titik koma).";
inline constexpr const char* kImportRowsInvalid =
    "{jumlah} baris bermasalah; tidak ada pelanggan yang diimpor. Perbaiki berkas lalu coba lagi.";
inline constexpr const char* kAdoptItems = "Pilih 1 sampai 10.000 secret untuk diambil";
inline constexpr const char* kAdoptSecretGone = "Secret ini tidak ada lagi di router";
inline constexpr const char* kAdoptAlreadyLinked = "Secret ini sudah terhubung ke pelanggan";
inline constexpr const char* kExportPasswordsAdminOnly =
    "Hanya admin yang boleh mengekspor password PPPoE.";

// Customer import ({baris}: a row number as the spreadsheet shows it)
inline constexpr const char* kImportEmpty = "Berkas tidak berisi satu pun baris pelanggan.";
inline constexpr const char* kImportTooManyRows = "Satu impor paling banyak 100.000 pelanggan.";
inline constexpr const char* kImportSameAsRow = "Sama dengan baris {baris}";
inline constexpr const char* kImportCustomerExists =
    "Pelanggan dengan nama dan nomor ini sudah ada";
inline constexpr const char* kImportPackageUnknown =
    "Paket belum ada; isi kolom Harga Paket agar dibuat saat impor";
inline constexpr const char* kImportPackagePriceDiffers =
    "Harga paket berbeda dengan baris {baris} untuk paket yang sama";
inline constexpr const char* kImportInvalidArrears =
    "Tunggakan \"{periode}\" bukan periode YYYY-MM yang sudah lewat; pisahkan dengan titik koma";
inline constexpr const char* kImportRepeatedArrears = "Periode {periode} tertulis dua kali";
inline constexpr const char* kImportTooManyArrears = "Paling banyak 36 periode tunggakan";
inline constexpr const char* kImportPackagesMissing =
    "Ada paket baru di berkas: setujui pembuatannya dulu, lalu impor lagi.";
inline constexpr const char* kImportChangedSince =
    "Impor tidak bisa dibatalkan: sebagian pelanggannya sudah diubah.";
inline constexpr const char* kSummaryCustomersImported = "Impor {jumlah} pelanggan";
inline constexpr const char* kSummaryArrearsImported = "Tagihan tunggakan dari impor: {jumlah}";
inline constexpr const char* kSummaryPasswordsExported =
    "Mengekspor data pelanggan beserta password PPPoE";
inline constexpr const char* kSummaryImportDiscarded = "Membatalkan impor {jumlah} pelanggan";

// Customers and packages
inline constexpr const char* kInvalidCustomerType = "Tipe harus internet atau gas";
inline constexpr const char* kInvalidCustomerStatus = "Status harus active, isolated atau inactive";
inline constexpr const char* kInvalidPhone = "Nomor HP/WhatsApp tidak valid, contoh 0812-3456-7890";
inline constexpr const char* kInvalidPppoeUsername =
    "Username PPPoE 2-64 karakter: huruf, angka, titik, garis bawah, @ atau strip";
inline constexpr const char* kPppoeUsernameTaken = "Username PPPoE sudah dipakai pelanggan lain";
inline constexpr const char* kInvalidPppoePassword =
    "Password PPPoE 1-64 karakter: huruf, angka, spasi atau simbol ASCII";
inline constexpr const char* kDueDayRange = "Tanggal jatuh tempo harus 1-28";
inline constexpr const char* kMoneyRange = "Harus 0 sampai 100.000.000 (Rupiah, tanpa desimal)";
inline constexpr const char* kInvalidInstalledAt =
    "Tanggal pasang harus berformat TTTT-BB-HH dan valid";
inline constexpr const char* kControlCharacters = "Tidak boleh berisi karakter kontrol";
inline constexpr const char* kMaxChars30 = "Maksimal 30 karakter";
inline constexpr const char* kMaxChars60 = "Maksimal 60 karakter";
inline constexpr const char* kMaxChars100 = "Maksimal 100 karakter";
inline constexpr const char* kMaxChars200 = "Maksimal 200 karakter";
inline constexpr const char* kMaxChars1000 = "Maksimal 1000 karakter";
inline constexpr const char* kNotForGas = "Tidak berlaku untuk pelanggan gas";
inline constexpr const char* kNotForInternet = "Tidak berlaku untuk pelanggan internet";
inline constexpr const char* kPackageNotFound = "Paket tidak ditemukan";
inline constexpr const char* kPackageNameTaken = "Nama paket sudah dipakai";
inline constexpr const char* kPackageInUse =
    "Paket masih dipakai pelanggan; pindahkan pelanggan ke paket lain terlebih dahulu";
inline constexpr const char* kInvalidPackageFilter = "Paket harus berupa ID angka";
inline constexpr const char* kPhoneFilter =
    "Filter nomor HP hanya boleh \"missing\" (nomor HP belum diisi)";
inline constexpr const char* kSearchTooLong = "Kata kunci pencarian maksimal 100 karakter";
inline constexpr const char* kSummaryCustomerCreated = "Menambah pelanggan ";
inline constexpr const char* kSummaryCustomerUpdated = "Mengubah pelanggan ";
inline constexpr const char* kSummaryCustomerDeleted = "Menghapus pelanggan ";
inline constexpr const char* kSummaryPackageCreated = "Menambah paket ";
inline constexpr const char* kSummaryPackageUpdated = "Mengubah paket ";
inline constexpr const char* kSummaryPackageDeleted = "Menghapus paket ";
// network control in the customer service: package profile / rate limit, isolir and reconnect
inline constexpr const char* kInvalidRateLimit =
    "Batas kecepatan seperti 10M/10M (angka dengan k/M/G, unggah/unduh)";
inline constexpr const char* kInvalidProfileName =
    "Nama profil maksimal 60 karakter, tanpa spasi di awal/akhir";
inline constexpr const char* kInvalidIsolirStatus = "Status harus active atau isolated";
inline constexpr const char* kReasonRequired = "Alasan wajib diisi (maksimal 200 karakter)";
inline constexpr const char* kIsolirInternetOnly = "Isolir hanya untuk pelanggan internet";
inline constexpr const char* kIsolirInactiveCustomer =
    "Pelanggan nonaktif; aktifkan lewat ubah data pelanggan";
inline constexpr const char* kSummaryCustomerIsolated = "Mengisolir pelanggan {nama}: {alasan}";
inline constexpr const char* kSummaryCustomerReconnected =
    "Membuka isolir pelanggan {nama}: {alasan}";

// Audit trail and live events (summaries use {placeholders}, see events::FormatSummary)
inline constexpr const char* kSummaryUserCreated = "Menambahkan user {username} ({role})";
inline constexpr const char* kSummaryUserUpdated = "Mengubah user {username}: {fields}";
inline constexpr const char* kSummaryUserDeleted = "Menghapus user {username}";
inline constexpr const char* kSummaryPasswordChanged = "Mengganti password sendiri";
inline constexpr const char* kSummaryLogin = "Login berhasil";
inline constexpr const char* kSummaryLoginFailed =
    "Login gagal dengan username '{username}' dari {address}";
inline constexpr const char* kSummaryLogout = "Logout";
inline constexpr const char* kFieldFullName = "nama";
inline constexpr const char* kFieldRole = "role menjadi {role}";
inline constexpr const char* kFieldActivated = "diaktifkan";
inline constexpr const char* kFieldDeactivated = "dinonaktifkan";
inline constexpr const char* kFieldPasswordReset = "password direset";
inline constexpr const char* kInvalidEntityFilter =
    "Entitas harus salah satu dari: user, customer, package, transaction, settings, message, "
    "broadcast, system";
inline constexpr const char* kInvalidActionFilter =
    "Aksi hanya boleh huruf kecil dan garis bawah (maks. 32)";
inline constexpr const char* kInvalidUserFilter = "Username maksimal 64 karakter";
inline constexpr const char* kInvalidAuditDate = "Tanggal harus berformat TTTT-BB-HH dan valid";
inline constexpr const char* kAuditRangeReversed =
    "Tanggal awal harus sebelum atau sama dengan tanggal akhir";
inline constexpr const char* kInvalidLastEventId = "Last-Event-ID harus berupa angka";
inline constexpr const char* kEventsNotReady = "Aliran perubahan belum siap, coba lagi sebentar";
inline constexpr const char* kTooManyStreams = "Terlalu banyak koneksi live terbuka";

// WhatsApp messaging (summaries use {placeholders}, see events::FormatSummary)
inline constexpr const char* kMonthNames[12] = {"Januari",   "Februari", "Maret",    "April",
                                                "Mei",       "Juni",     "Juli",     "Agustus",
                                                "September", "Oktober",  "November", "Desember"};
inline constexpr const char* kAccountHolderPrefix = "a.n.";
inline constexpr const char* kProviderNone =
    "WhatsApp belum diatur: pilih penyedia di Pengaturan (admin)";
inline constexpr const char* kProviderNotConfigured =
    "Token atau ID nomor penyedia WhatsApp belum diisi";
inline constexpr const char* kCustomUrlUnusable =
    "URL kustom harus diawali http(s):// dan memuat {target} dan {message}";
inline constexpr const char* kProviderUnexpectedAnswer = "Jawaban penyedia tidak dikenali: ";
inline constexpr const char* kGaveUpPrefix = "Berhenti mencoba setelah beberapa kali gagal: ";
inline constexpr const char* kInterruptedMaybeSent =
    "Pengiriman terputus (layanan berhenti mendadak); pesan mungkin sudah terkirim, periksa dulu "
    "sebelum mengirim ulang";
inline constexpr const char* kTemplateEmpty = "Template pesan ini kosong; isi di Pengaturan";
inline constexpr const char* kCustomerWithoutPhone =
    "Pelanggan ini belum punya nomor WhatsApp yang valid (nomor HP belum diisi); isi dulu di data "
    "pelanggan";
inline constexpr const char* kNoUnpaidBills = "Pelanggan ini tidak punya tagihan yang belum lunas";
inline constexpr const char* kSendTargetRequired =
    "Isi salah satu: customer_id atau transaction_id";
inline constexpr const char* kInvalidMessageKind =
    "Jenis pesan harus internet_bill, gas_invoice, reminder atau receipt";
inline constexpr const char* kInvalidBroadcastKind = "Jenis broadcast harus reminder atau bill";
inline constexpr const char* kInvalidMessageStatusFilter =
    "Status harus queued, sending, sent, failed atau cancelled";
inline constexpr const char* kBroadcastNotFound = "Broadcast tidak ditemukan";
inline constexpr const char* kBroadcastAlreadyCancelled = "Broadcast ini sudah dibatalkan";
inline constexpr const char* kBroadcastFinished =
    "Broadcast ini sudah selesai; tidak ada pesan yang menunggu";
inline constexpr const char* kAllTypes = "semua";
inline constexpr const char* kSummaryMessageQueued =
    "Mengantrekan pesan WhatsApp untuk {nama} ({phone})";
inline constexpr const char* kSummaryMessageSent = "Pesan WhatsApp untuk {nama} terkirim";
inline constexpr const char* kSummaryMessageRetry =
    "Pesan WhatsApp untuk {nama} gagal sementara, akan dicoba lagi";
inline constexpr const char* kSummaryMessageFailed = "Pesan WhatsApp untuk {nama} gagal";
inline constexpr const char* kSummaryAutoMessage =
    "Pesan otomatis ({kind}) untuk {nama} diantrekan";
inline constexpr const char* kSummaryBroadcastQueued =
    "Broadcast #{id} tunggakan ({type}): {count} pesan diantrekan";
inline constexpr const char* kSummaryBroadcastProgress =
    "Broadcast #{id}: {sent} terkirim, {failed} gagal, {queued} menunggu";
inline constexpr const char* kSummaryBroadcastCancelled =
    "Membatalkan broadcast #{id}: {count} pesan tidak dikirim";
inline constexpr const char* kSummaryWhatsappStarted = "Menyalakan pengiriman WhatsApp";
inline constexpr const char* kSummaryWhatsappStopped = "Menghentikan pengiriman WhatsApp";
// network notices
inline constexpr const char* kTemplateIsolir =
    "Yth. {nama},\n\nLayanan internet Anda kami isolir karena tagihan belum dibayar.\n"
    "Username PPPoE: {username}\nAlasan: {alasan}.\n\n"
    "Layanan akan aktif kembali setelah pembayaran kami terima.\n"
    "Pembayaran dapat ditransfer ke {rekening}\nBayar online / cek tagihan: {link_bayar}\n\n"
    "Terima kasih,\n{nama_usaha}";
inline constexpr const char* kTemplateReconnect =
    "Yth. {nama},\n\nLayanan internet Anda sudah aktif kembali.\n"
    "Username PPPoE: {username}\nKeterangan: {alasan}.\n\nTerima kasih,\n{nama_usaha}";
inline constexpr const char* kInvalidNoticeKind = "Jenis pemberitahuan harus isolir atau reconnect";
inline constexpr const char* kNoticeKeyInvalid =
    "Kunci pemberitahuan wajib diisi (maksimal 200 karakter)";
inline constexpr const char* kReasonTooLong = "Alasan maksimal 200 karakter";
inline constexpr const char* kNoticeInternetOnly =
    "Pemberitahuan isolir/aktif kembali hanya untuk pelanggan internet";
inline constexpr const char* kNoticePreviewReason = "tagihan belum dibayar (contoh)";
inline constexpr const char* kInvalidPreviewKind =
    "Jenis pesan harus internet_bill, gas_invoice, reminder, receipt, isolir atau reconnect";

// Backup and restore
inline constexpr const char* kBackupNotJson =
    "Berkas cadangan bukan JSON yang valid (mungkin terpotong)";
inline constexpr const char* kBackupNotABackup = "Berkas ini bukan cadangan dari aplikasi ini";
inline constexpr const char* kBackupFromTheFuture =
    "Cadangan ini dari versi aplikasi yang lebih baru";
inline constexpr const char* kBackupUnknownTable = "Bagian data ini tidak dikenal";
inline constexpr const char* kBackupBrokenReference =
    "Merujuk ke data yang tidak ada dalam cadangan";
inline constexpr const char* kBackupInvalid = "Cadangan tidak valid; tidak ada data yang diubah";
inline constexpr const char* kSummaryRestore = "Memulihkan data dari cadangan";
inline constexpr const char* kMultipartWithoutFile = "Unggahan tidak berisi berkas cadangan";
// Backup and restore: complete files, sealed secrets, chunked uploads (issue 12)
inline constexpr const char* kBackupMissingTables =
    "Cadangan tidak lengkap; tidak ada data yang diubah. Tabel yang tidak ada: ";
inline constexpr const char* kBackupTableMissing = "Tabel ini tidak ada dalam cadangan";
inline constexpr const char* kBackupDuplicateTable = "Tabel ini muncul lebih dari sekali";
inline constexpr const char* kBackupNoActiveAdmin =
    "Cadangan tidak berisi satu pun admin aktif; tidak ada data yang diubah";
inline constexpr const char* kBackupNeedsActiveAdmin = "Harus ada minimal satu admin aktif";
inline constexpr const char* kBackupPassphraseRequired = "Kata sandi cadangan wajib diisi";
inline constexpr const char* kBackupPassphraseTooShort = "Kata sandi cadangan minimal 8 karakter";
inline constexpr const char* kBackupPassphraseTooLong =
    "Kata sandi cadangan maksimal 1024 karakter";
inline constexpr const char* kBackupWrongPassphrase =
    "Kata sandi cadangan salah; tidak ada data yang diubah";
inline constexpr const char* kBackupBadEncryption = "Bagian enkripsi cadangan rusak";
inline constexpr const char* kBackupSecretDamaged = "Data rahasia ini rusak atau sudah diubah";
inline constexpr const char* kBackupUploadNotFound =
    "Unggahan cadangan tidak ditemukan atau sudah kedaluwarsa; ulangi unggahan";
inline constexpr const char* kBackupUploadOffset =
    "Potongan unggahan tidak berurutan; ulangi dari byte yang sudah diterima";
inline constexpr const char* kBackupUploadOffsetField =
    "Harus sama dengan jumlah byte yang sudah diterima";
inline constexpr const char* kBackupUploadEmpty = "Berkas cadangan kosong";
inline constexpr const char* kBackupUploadStorage = "Unggahan cadangan tidak bisa disimpan";

// network: RouterOS
inline constexpr const char* kRouterUnreachable = "Router tidak bisa dihubungi: ";
inline constexpr const char* kRouterLoginRejected = "Login ke router ditolak: ";
inline constexpr const char* kRouterCommandRejected = "Router menolak perintah: ";
inline constexpr const char* kRouterNoInventory =
    "Router RADIUS tidak menyimpan daftar pelanggan; ambil pelanggan dari router MikroTik (API).";
inline constexpr const char* kRouterConnectionLost = "Koneksi ke router terputus: ";
inline constexpr const char* kRouterNoReply = "router tidak menjawab dalam batas waktu";
inline constexpr const char* kRouterClosedConnection = "router menutup koneksi";
inline constexpr const char* kRouterConnectionRefused =
    "koneksi ditolak (periksa alamat, port dan layanan API di router)";
inline constexpr const char* kRouterHostUnreachable = "alamat router tidak terjangkau";
inline constexpr const char* kRouterUnknownHost = "nama host router tidak dikenal";
inline constexpr const char* kRouterTlsFailed = "koneksi TLS (API-SSL) gagal";
inline constexpr const char* kRouterEndedSession = "router mengakhiri sesi";
inline constexpr const char* kRouterBadReply = "jawaban router tidak dikenali";
inline constexpr const char* kRouterSocketError = "kesalahan jaringan";
inline constexpr const char* kRouterNoUsername = "Username PPPoE pelanggan kosong";

// network: service (routers, isolir policy, per-customer state)
inline constexpr const char* kRouterNotFound = "Router tidak ditemukan";
inline constexpr const char* kRouterNameTaken = "Nama router sudah dipakai";
inline constexpr const char* kInvalidRouterKind = "Jenis harus routeros atau radius";
inline constexpr const char* kInvalidHost = "Alamat router tidak valid (IP atau nama host)";
inline constexpr const char* kInvalidPort = "Port harus 1 sampai 65535";
inline constexpr const char* kInvalidIsolirMode = "Mode isolir harus profile atau disable";
inline constexpr const char* kTlsRouterOsOnly = "TLS hanya untuk router MikroTik (API-SSL)";
inline constexpr const char* kRadiusSecretRequired = "Secret RADIUS wajib diisi";
inline constexpr const char* kInvalidGraceDays = "Masa tenggang 0 sampai 60 hari";
inline constexpr const char* kInvalidCheckMinutes = "Interval cek 5 sampai 1440 menit";
inline constexpr const char* kInvalidNetworkState =
    "Filter state hanya bisa problem (pelanggan yang menunggu atau gagal)";
inline constexpr const char* kNotInternetCustomer =
    "Bukan pelanggan internet (tidak ada data jaringan)";
inline constexpr const char* kReasonAutoIsolir =
    "Tagihan internet belum dibayar {hari} hari setelah jatuh tempo";
inline constexpr const char* kReasonPaid = "Tagihan sudah lunas";
inline constexpr const char* kSummaryRouterCreated = "Menambah router {nama}";
inline constexpr const char* kSummaryRouterUpdated = "Mengubah router {nama}";
inline constexpr const char* kSummaryRouterDeleted = "Menghapus router {nama}";
inline constexpr const char* kSummaryPolicyUpdated = "Mengubah pengaturan isolir";
inline constexpr const char* kSummaryNetworkSync = "Sinkronisasi jaringan: {count} pelanggan";
inline constexpr const char* kSummaryNetworkApplied =
    "Router {nama}: {ok} perubahan diterapkan, {failed} gagal";
inline constexpr const char* kSummaryIsolirCheck =
    "Cek isolir: {checked} pelanggan menunggak, {isolated} diisolir";

// network: RADIUS
inline constexpr const char* kRadiusSecretMissing =
    "Secret RADIUS router belum diisi; isi sama dengan secret di MikroTik (/radius)";
inline constexpr const char* kRadiusHostUnresolved = "Alamat router RADIUS tidak dikenal: ";
inline constexpr const char* kRadiusNoAnswer =
    "Router tidak menjawab permintaan putus sesi (RADIUS Disconnect-Request) di ";
inline constexpr const char* kRadiusBadSecret =
    "Jawaban router tidak sah: secret RADIUS di router dan di billing berbeda";
inline constexpr const char* kRadiusDisconnectRejected =
    "Router menolak memutus sesi PPPoE (Disconnect-NAK, Error-Cause ";
inline constexpr const char* kRadiusSendFailed = "Gagal mengirim permintaan putus sesi ke router: ";

// auth: login limits and default passwords (issue 12)
inline constexpr const char* kPasswordTooCommon =
    "Password ini terlalu mudah ditebak (password bawaan, umum, atau sama dengan username)";
inline constexpr const char* kPasswordChangeRequired =
    "Ganti password Anda terlebih dahulu: akun ini masih memakai password bawaan atau sementara";

// secrets (issue 12): router destination changes, PPPoE password on demand, Idempotency-Key
inline constexpr const char* kRouterPasswordAgain =
    "Isi ulang password: alamat, port, TLS atau jenis router berubah";
inline constexpr const char* kRouterSecretAgain =
    "Isi ulang secret RADIUS: alamat, port, TLS atau jenis router berubah";
inline constexpr const char* kSummaryPppoePasswordShown = "Melihat password PPPoE {nama}";
inline constexpr const char* kNoPppoePassword = "Pelanggan ini tidak punya password PPPoE";
inline constexpr const char* kInvalidIdempotencyKey =
    "Idempotency-Key harus 1-128 karakter ASCII yang terlihat (tanpa spasi)";
inline constexpr const char* kIdempotencyInProgress =
    "Permintaan dengan Idempotency-Key ini masih diproses; coba lagi sebentar";
inline constexpr const char* kIdempotencyKeyReused =
    "Idempotency-Key ini sudah dipakai untuk permintaan lain";

// Gateway door: limits on requests, connections and long admin jobs
inline constexpr const char* kBadHttpRequest = "Permintaan HTTP tidak valid";
inline constexpr const char* kUnsupportedMediaType =
    "Jenis data (Content-Type) tidak didukung; kirim application/json";
inline constexpr const char* kServerBusy = "Server sedang sibuk, coba lagi sebentar lagi";
inline constexpr const char* kAdminJobRunning =
    "Pekerjaan admin lain (cadangan, pemulihan, penagihan, sinkronisasi atau cek isolir) "
    "sedang berjalan; coba lagi setelah selesai";
inline constexpr const char* kTooManyConnections = "Terlalu banyak koneksi dari alamat ini";
inline constexpr const char* kTooManyUserStreams =
    "Terlalu banyak koneksi live untuk pengguna ini; tutup tab lain lalu coba lagi";
inline constexpr const char* kMetricsLocalOnly = "Metrik hanya bisa dibaca dari server ini";

// Payment: online payment links and their callbacks
inline constexpr const char* kPaymentNeedsCheck = "Perlu dicek";
inline constexpr const char* kPaymentPaidMeanwhile =
    "tagihan sudah dibayar dengan cara lain; kembalikan dana atau selesaikan manual";
inline constexpr const char* kPaymentAmountMismatch =
    "jumlah yang dibayar berbeda dengan tagihan; kembalikan dana atau selesaikan manual";
inline constexpr const char* kPaymentBillMissing =
    "tagihan sudah tidak ada; kembalikan dana atau selesaikan manual";
inline constexpr const char* kPaymentProviderDown =
    "Penyedia pembayaran tidak bisa dihubungi, link pembayaran belum dibuat. Coba lagi nanti.";
inline constexpr const char* kPaymentProviderRefused =
    "Penyedia pembayaran menolak membuat link pembayaran: ";
inline constexpr const char* kPaymentUnknownReference = "Referensi pembayaran tidak dikenal";
inline constexpr const char* kPaymentBillNotFound = "Tagihan tidak ditemukan";
inline constexpr const char* kPaymentBillAlreadyPaid = "Tagihan ini sudah lunas";
inline constexpr const char* kPaymentNothingUnpaid = "Tidak ada tagihan yang belum dibayar";
inline constexpr const char* kSummaryPaymentLinkCreated = "Link pembayaran {ref} dibuat ({jumlah})";
inline constexpr const char* kSummaryPaymentStatus = "Pembayaran {ref}: {status}";
inline constexpr const char* kSummaryPaymentNeedsCheck = "Pembayaran {ref} perlu dicek: {alasan}";
inline constexpr const char* kSummaryPaymentBillMarked = "Pembayaran {ref}: tagihan ditandai lunas";
inline constexpr const char* kPaymentNotConfigured =
    "Pembayaran online belum diatur: pilih penyedia, isi kuncinya dan alamat publik di "
    "Pengaturan > Pembayaran (admin)";
inline constexpr const char* kPaymentUnknownProvider = "Penyedia pembayaran tidak dikenal";
inline constexpr const char* kPaymentAttemptNotFound = "Pembayaran tidak ditemukan";
inline constexpr const char* kPaymentNotWaitingForCheck =
    "Pembayaran ini tidak sedang menunggu dicek (atau sudah diselesaikan)";
inline constexpr const char* kPaymentNoteRequired = "Catatan wajib diisi";
inline constexpr const char* kPaymentNoteTooLong = "Catatan maksimal 500 karakter";
inline constexpr const char* kSummaryPaymentSettled = "Pembayaran {ref} selesai dicek: {catatan}";

// Online payments: billing's payment settings, messaging's portal code and pay link line
inline constexpr const char* kInvalidBaseUrl =
    "Alamat harus lengkap (http:// atau https:// dan nama server), tanpa ? atau #";
inline constexpr const char* kPaymentKeyRequired = "Wajib diisi untuk penyedia pembayaran ini";
inline constexpr const char* kPaymentPublicUrlRequired =
    "Wajib diisi untuk pembayaran online: alamat publik aplikasi ini (callback dan link bayar)";
inline constexpr const char* kPaymentAmountDiffers =
    "Jumlah pembayaran online berbeda dengan jumlah tagihan";
inline constexpr const char* kPaymentReferenceRequired = "Referensi pembayaran wajib diisi";
// The sign-in code of the customer portal; {nama_usaha}, {kode} and {menit} are filled in.
inline constexpr const char* kPortalCodeMessage =
    "Kode masuk Cek Tagihan {nama_usaha}: {kode}. Berlaku {menit} menit. Jangan berikan kode ini "
    "kepada siapa pun, termasuk petugas.";
inline constexpr const char* kPortalCodeMask = "******";
inline constexpr const char* kPortalCodeInvalid = "Kode harus 6 angka";
inline constexpr const char* kPortalCodeTooSoon =
    "Kode untuk pelanggan ini baru saja dikirim; tunggu 30 detik";
inline constexpr const char* kSummaryPortalCodeQueued =
    "Mengantrekan kode masuk Cek Tagihan untuk pelanggan #{id} ({phone})";

}  // namespace billing::i18n
