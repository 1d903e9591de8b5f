// Typed settings written as JSON in tests (the same shape as GET /api/settings); a key the
// message does not have fails the test's setup loudly.
#pragma once

#include <stdexcept>
#include <string>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "billing.pb.h"

namespace billing::messaging::testing {

template <typename Message>
Message FromJson(const nlohmann::json& json) {
  Message message;
  auto status = google::protobuf::util::JsonStringToMessage(json.dump(), &message);
  if (!status.ok()) throw std::invalid_argument("not a settings message: " + json.dump());
  return message;
}

inline bills::v1::Settings SettingsFrom(const nlohmann::json& json) {
  return FromJson<bills::v1::Settings>(json);
}

inline bills::v1::WhatsAppSettings WhatsAppFrom(const nlohmann::json& json) {
  return FromJson<bills::v1::WhatsAppSettings>(json);
}

}  // namespace billing::messaging::testing
