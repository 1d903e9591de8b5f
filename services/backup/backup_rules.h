// Decisions about backups and restore uploads as plain functions: how big an upload may grow,
// where its next piece must start, what an empty file is, which failed restore keeps its upload.
#pragma once

#include <cstddef>
#include <cstdint>

#include "errors/error.h"

namespace billing::backup {

// Export pieces are sent once this many bytes are pending.
inline constexpr size_t kChunkBytes = 256 * 1024;

// Throws payload_too_large when an upload of `size` bytes is over `max_bytes`.
void CheckUploadSize(size_t size, size_t max_bytes);
// The error for a piece that does not start where the upload ends (a gap, an overlap or a
// negative offset).
errors::Error UploadOffsetError();
// Throws UploadOffsetError() for a negative offset.
void CheckUploadOffset(int64_t offset);
// Throws invalid_argument (field "file") for an empty file: there is nothing to restore.
void CheckNotEmpty(uintmax_t file_size);
// A restore refused for its passphrase (a typing mistake) keeps the upload, so it can be
// committed again; any other refusal ends the upload.
bool KeepsUpload(const errors::Error& refusal);

}  // namespace billing::backup
