// Every text staff see about the linked-device WhatsApp (provider "linked", the wa-link sidecar),
// in Bahasa Indonesia. Kept apart from messages.h so that adding one does not rebuild the suite.
#pragma once

namespace billing::i18n {

// The phone's state, for the WhatsApp page (LinkedDevice.detail) and the connection check.
inline constexpr const char* kWaLinkUnreachable =
    "Layanan perangkat tertaut (wa-link) tidak dapat dihubungi; pesan menunggu sampai layanan "
    "itu berjalan lagi";
inline constexpr const char* kWaLinkRefusedSecret =
    "Layanan perangkat tertaut (wa-link) menolak kunci rahasia; samakan WA_LINK_SECRET di "
    "layanan messaging dan wa-link";
inline constexpr const char* kWaLinkConnected = "Terhubung sebagai {nomor}";
inline constexpr const char* kWaLinkWaitingForScan =
    "Menunggu pindai kode QR dari ponsel (WhatsApp > Perangkat tertaut > Tautkan perangkat); "
    "pesan menunggu";
inline constexpr const char* kWaLinkNeverLinked =
    "Belum ada WhatsApp yang ditautkan: tautkan ponsel di Pengaturan > WhatsApp; pesan menunggu";
inline constexpr const char* kWaLinkReconnecting =
    "Koneksi ke WhatsApp terputus, sedang menyambung ulang; pesan menunggu";
inline constexpr const char* kWaLinkLoggedOut =
    "WhatsApp mengeluarkan perangkat ini (perangkat dihapus di ponsel atau nomor diblokir); "
    "tautkan ulang di Pengaturan > WhatsApp; pesan menunggu";
inline constexpr const char* kWaLinkUnlinked =
    "Perangkat sudah diputuskan; tautkan ulang di Pengaturan > WhatsApp; pesan menunggu";
inline constexpr const char* kWaLinkQrTimeout =
    "Kode QR tidak dipindai dalam 5 menit; mulai tautkan lagi di Pengaturan > WhatsApp; pesan "
    "menunggu";
inline constexpr const char* kWaLinkUnknownState = "Status perangkat tertaut tidak dikenali: ";

// Send answers (the message's last_error).
inline constexpr const char* kWaLinkNotOnWhatsapp = "Nomor tidak terdaftar di WhatsApp";
inline constexpr const char* kWaLinkNotLinked =
    "WhatsApp belum terhubung (perangkat tertaut); akan dicoba lagi";
inline constexpr const char* kWaLinkRateLimited =
    "WhatsApp menolak karena terlalu banyak pesan; akan dicoba lagi";
inline constexpr const char* kWaLinkSendFailed = "WhatsApp tidak menerima pesan; akan dicoba lagi";
inline constexpr const char* kWaLinkBadRequest =
    "Pesan ditolak wa-link (nomor atau isi tidak valid)";

// Link / Unlink when wa-link cannot be reached or refuses (errors, 503).
inline constexpr const char* kWaLinkUnavailable =
    "Layanan perangkat tertaut (wa-link) tidak dapat dihubungi; coba lagi sebentar";

// The audit trail (entity "whatsapp_link").
inline constexpr const char* kSummaryWaLinkConnected =
    "WhatsApp tertaut: terhubung sebagai {nomor}";
inline constexpr const char* kSummaryWaLinkWaitingForScan = "WhatsApp tertaut: menunggu pindai QR";
inline constexpr const char* kSummaryWaLinkReconnecting =
    "WhatsApp tertaut: koneksi terputus, menyambung ulang";
inline constexpr const char* kSummaryWaLinkLoggedOut =
    "WhatsApp mengeluarkan perangkat (logged out)";
inline constexpr const char* kSummaryWaLinkUnlinked = "WhatsApp tertaut: perangkat diputuskan";
inline constexpr const char* kSummaryWaLinkQrTimeout =
    "WhatsApp tertaut: kode QR tidak dipindai, penautan berhenti";
inline constexpr const char* kSummaryWaLinkDisconnected = "WhatsApp tertaut: tidak terhubung";
inline constexpr const char* kSummaryWaLinkUnlink =
    "Memutuskan WhatsApp tertaut {nomor} (sesi dihapus)";
inline constexpr const char* kSummaryWaLinkUnlinkUnknown =
    "Memutuskan WhatsApp tertaut (sesi dihapus)";

}  // namespace billing::i18n
