// Texts of the gateway door (issue 12: request, connection and job limits), in Bahasa Indonesia.
// Kept beside libs/i18n/messages.h only so this branch did not rebuild every service; fold
// into messages.h at merge (same namespace, same names).
#pragma once

namespace billing::i18n {

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

}  // namespace billing::i18n
