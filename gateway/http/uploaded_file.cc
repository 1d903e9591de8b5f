// Multipart parsing kept to what browsers and curl send: the first part with a file name.
#include "http/uploaded_file.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "middleware/authenticator.h"

namespace billing::gateway {

std::string UploadedFile(const Pistache::Http::Request& request) {
  std::string type = HeaderValue(request, "Content-Type");
  const std::string& body = request.body();
  if (type.rfind("multipart/form-data", 0) != 0) return body;
  auto at = type.find("boundary=");
  if (at == std::string::npos) throw errors::InvalidArgument(i18n::kMultipartWithoutFile);
  std::string boundary = type.substr(at + 9);
  if (!boundary.empty() && boundary.front() == '"')
    boundary = boundary.substr(1, boundary.find('"', 1) - 1);
  boundary = boundary.substr(0, boundary.find(';'));
  const std::string delimiter = "--" + boundary;
  for (size_t part = body.find(delimiter); part != std::string::npos;) {
    size_t headers_end = body.find("\r\n\r\n", part);
    if (headers_end == std::string::npos) break;
    std::string headers = body.substr(part, headers_end - part);
    size_t content = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string::npos) break;
    if (headers.find("filename=") != std::string::npos ||
        headers.find("name=\"file\"") != std::string::npos) {
      return body.substr(content, next - content);
    }
    part = next + 2;
  }
  throw errors::InvalidArgument(i18n::kMultipartWithoutFile,
                                {{"file", i18n::kMultipartWithoutFile}});
}

}  // namespace billing::gateway
