// Every text a staff member can see from the back end, in Bahasa Indonesia, in one place.
// An English build swaps this file; code refers to the constants only.
#pragma once

namespace billing::i18n {

// Generic
inline constexpr const char* kServiceUnavailable = "Layanan sedang tidak tersedia, coba lagi sebentar";
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
inline constexpr const char* kSessionInvalid = "Sesi tidak valid atau sudah berakhir, silakan login kembali";
inline constexpr const char* kAdminOnly = "Hanya admin yang boleh melakukan ini";
inline constexpr const char* kWrongCredentials = "Username atau password salah";
inline constexpr const char* kAccountInactive = "Akun ini dinonaktifkan. Hubungi admin.";
inline constexpr const char* kTooManyAttempts = "Terlalu banyak percobaan login gagal. Coba lagi nanti.";

// Users
inline constexpr const char* kUserNotFound = "User tidak ditemukan";
inline constexpr const char* kUsernameTaken = "Username sudah dipakai";
inline constexpr const char* kInvalidUsername = "Username 3-32 karakter: huruf, angka, titik, garis bawah atau strip";
inline constexpr const char* kInvalidRole = "Role harus admin atau staff";
inline constexpr const char* kFullNameTooLong = "Nama maksimal 100 karakter";
inline constexpr const char* kPasswordTooShort = "Password minimal 8 karakter";
inline constexpr const char* kPasswordTooLong = "Password maksimal 128 karakter";
inline constexpr const char* kOldPasswordWrong = "Password lama salah";
inline constexpr const char* kPasswordUnchanged = "Password baru harus berbeda dari yang lama";
inline constexpr const char* kLastAdmin = "Harus tetap ada minimal satu admin aktif";
inline constexpr const char* kCannotDeleteSelf = "Tidak bisa menghapus akun sendiri";

// Audit trail and live events (summaries use {placeholders}, see events::FormatSummary)
inline constexpr const char* kSummaryUserCreated = "Menambahkan user {username} ({role})";
inline constexpr const char* kSummaryUserUpdated = "Mengubah user {username}: {fields}";
inline constexpr const char* kSummaryUserDeleted = "Menghapus user {username}";
inline constexpr const char* kSummaryPasswordChanged = "Mengganti password sendiri";
inline constexpr const char* kSummaryLogin = "Login berhasil";
inline constexpr const char* kSummaryLoginFailed = "Login gagal dengan username '{username}' dari {address}";
inline constexpr const char* kSummaryLogout = "Logout";
inline constexpr const char* kFieldFullName = "nama";
inline constexpr const char* kFieldRole = "role menjadi {role}";
inline constexpr const char* kFieldActivated = "diaktifkan";
inline constexpr const char* kFieldDeactivated = "dinonaktifkan";
inline constexpr const char* kFieldPasswordReset = "password direset";
inline constexpr const char* kInvalidEntityFilter = "Entitas harus salah satu dari: user, customer, package, transaction, settings, message, broadcast, system";
inline constexpr const char* kInvalidActionFilter = "Aksi hanya boleh huruf kecil dan garis bawah (maks. 32)";
inline constexpr const char* kInvalidUserFilter = "Username maksimal 64 karakter";
inline constexpr const char* kInvalidAuditDate = "Tanggal harus berformat TTTT-BB-HH dan valid";
inline constexpr const char* kAuditRangeReversed = "Tanggal awal harus sebelum atau sama dengan tanggal akhir";
inline constexpr const char* kInvalidLastEventId = "Last-Event-ID harus berupa angka";
inline constexpr const char* kEventsNotReady = "Aliran perubahan belum siap, coba lagi sebentar";
inline constexpr const char* kTooManyStreams = "Terlalu banyak koneksi live terbuka";

// Customers and packages
inline constexpr const char* kCustomerNotFound = "Pelanggan tidak ditemukan";
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
inline constexpr const char* kSearchTooLong = "Kata kunci pencarian maksimal 100 karakter";
inline constexpr const char* kSummaryCustomerCreated = "Menambah pelanggan ";
inline constexpr const char* kSummaryCustomerUpdated = "Mengubah pelanggan ";
inline constexpr const char* kSummaryCustomerDeleted = "Menghapus pelanggan ";
inline constexpr const char* kSummaryPackageCreated = "Menambah paket ";
inline constexpr const char* kSummaryPackageUpdated = "Mengubah paket ";
inline constexpr const char* kSummaryPackageDeleted = "Menghapus paket ";

}  // namespace billing::i18n
