// Portal code text: the fixed Indonesian message, with the code only when it is sent.
#include "portal_code_rules.h"

#include <algorithm>
#include <cctype>

#include "i18n/messages.h"

namespace billing::messaging {

bool IsPortalCode(const std::string& code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string PortalCodeText(const std::string& business_name, const std::string& code,
                           int valid_minutes) {
  // One left-to-right pass: a value is never searched for placeholders itself.
  const std::string text = i18n::kPortalCodeMessage;
  std::string out;
  size_t pos = 0;
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', pos)) {
    size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 1, close - open - 1);
    out.append(text, pos, open - pos);
    if (name == "kode") {
      out += code;
    } else if (name == "menit") {
      out += std::to_string(valid_minutes);
    } else if (name == "nama_usaha") {
      out += business_name;
    } else {
      out.append(text, open, close + 1 - open);
    }
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

nlohmann::json PortalCodeParams(const std::string& business_name, int valid_minutes) {
  return {{"nama_usaha", business_name}, {"menit", valid_minutes}};
}

std::string PortalCodeTextFor(const nlohmann::json& params, const std::string& code) {
  std::string business;
  int minutes = 5;
  if (params.is_object()) {
    if (params.contains("nama_usaha") && params["nama_usaha"].is_string()) {
      business = params["nama_usaha"].get<std::string>();
    }
    if (params.contains("menit") && params["menit"].is_number_integer()) {
      minutes = params["menit"].get<int>();
    }
  }
  return PortalCodeText(business, code, minutes);
}

}  // namespace billing::messaging
