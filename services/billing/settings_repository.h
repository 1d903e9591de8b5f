// Stores the settings document (one row) and audits every change.
#pragma once

#include <nlohmann/json.hpp>

#include "bill_lines.h"
#include "db/pool.h"
#include "rpc/caller.h"
#include "settings_source.h"

namespace billing::bills {

class SettingsRepository final : public SettingsSource {
 public:
  explicit SettingsRepository(db::Pool& pool);

  // The stored document over the defaults (new keys get their default values), with secrets.
  nlohmann::json Document();
  // Document() typed.
  v1::Settings Load() override;
  // Document()["billing"]["timezone"] with one small query and no document parse (gas sales and
  // payments read it on every call).
  std::string TimeZone();
  // The pro rata and tax settings, with one small query (every bill created reads them).
  BillTerms Terms();
  // Validates `patch` against the current document under a row lock and saves the result.
  nlohmann::json Update(const nlohmann::json& patch, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

}  // namespace billing::bills
