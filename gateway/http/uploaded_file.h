// The file an upload route received: raw bytes, or the first file part of a multipart body.
#pragma once

#include <string>

#include <pistache/http.h>

namespace billing::gateway {

// The first file part of a multipart/form-data body, or the body itself when it is not one.
// Throws errors::InvalidArgument for a multipart body without a file part.
std::string UploadedFile(const Pistache::Http::Request& request);

}  // namespace billing::gateway
