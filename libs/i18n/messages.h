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

}  // namespace billing::i18n
