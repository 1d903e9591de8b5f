// Every text a customer can see from the portal's back end (Cek Tagihan), in Bahasa Indonesia.
// Kept apart from messages.h so that the portal's texts are found (and translated) together.
#pragma once

namespace billing::i18n {

inline constexpr const char* kPortalInvalidCustomerNumber =
    "Nomor pelanggan tidak valid (contoh: PLG-0042)";
inline constexpr const char* kPortalInvalidPhone = "Nomor HP tidak valid";
inline constexpr const char* kPortalWrongCode = "Kode salah";
inline constexpr const char* kPortalCodeExpired =
    "Kode sudah kedaluwarsa atau sudah dipakai, minta kode baru";
inline constexpr const char* kPortalCodeVoided =
    "Terlalu banyak percobaan kode yang salah, minta kode baru";
inline constexpr const char* kPortalTooManyRequests =
    "Terlalu banyak permintaan, coba lagi beberapa saat lagi";
inline constexpr const char* kPortalSessionInvalid = "Sesi sudah berakhir, silakan masuk kembali";
inline constexpr const char* kPortalLinkNotFound = "Link tidak ditemukan atau sudah tidak berlaku";
inline constexpr const char* kPortalBillNotFound = "Tagihan tidak ditemukan";
inline constexpr const char* kPortalPaymentNotFound = "Pembayaran tidak ditemukan";
inline constexpr const char* kPortalOnlinePaymentOff =
    "Pembayaran online sedang tidak tersedia, silakan bayar lewat transfer bank";
inline constexpr const char* kPortalCustomerNotFound = "Pelanggan tidak ditemukan";
inline constexpr const char* kSummaryPortalLinkRevoked = "Link portal pelanggan {nomor} dicabut";

}  // namespace billing::i18n
